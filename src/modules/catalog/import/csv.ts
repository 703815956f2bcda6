// The catalogue import's limits on an uploaded CSV file; the platform's reader applies them.
import { readCsv as readCsvWithin } from '../../../platform/csv.ts';

export { CsvFileError as ImportFileError, type CsvRecord, type CsvTable } from '../../../platform/csv.ts';

export const CSV_LIMITS = {
  fileBytes: 10 * 1024 * 1024,
  /** Data records, header excluded. */
  rows: 50_000,
  /** Characters in one record, all fields together. */
  recordChars: 1024 * 1024,
} as const;

/** Parses a product CSV file (UTF-8, with or without BOM, CRLF or LF line breaks). */
export function readCsv(file: Buffer) {
  return readCsvWithin(file, CSV_LIMITS);
}
