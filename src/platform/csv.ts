// Reads an uploaded CSV file into records that know the physical line they start on, with
// the limits that keep one upload from exhausting the store. Only the file as a whole is
// judged here (size, encoding, CSV syntax, header); what the values mean is for the importer
// that reads it.
import { parse, type CsvError } from 'csv-parse/sync';

export interface CsvLimits {
  fileBytes: number;
  /** Data records, header excluded. */
  rows: number;
  /** Characters in one record, all fields together. */
  recordChars: number;
}

/** The file cannot be imported at all; the message is shown to the merchant as it is. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

export interface CsvRecord {
  /** 1-based physical line the record starts on (the header is line 1). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  /** Header cells as written (trimmed). */
  header: string[];
  records: CsvRecord[];
}

const MiB = 1024 * 1024;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Turns byte offsets into physical line numbers. csv-parse's own line count goes wrong for
 * CRLF line breaks inside quoted fields, so lines are counted here from the bytes; CR and LF
 * never occur inside a multi-byte UTF-8 sequence, so scanning bytes is safe.
 */
function lineCounter(bytes: Buffer) {
  let position = 0;
  let line = 1;
  const step = () => {
    const byte = bytes[position++];
    if (byte === LF || (byte === CR && bytes[position] !== LF)) line++;
  };
  return {
    /** The line of the first character at or after `offset` that is not a line break. */
    startAt(offset: number): number {
      while (position < offset) step();
      while (position < bytes.length && (bytes[position] === CR || bytes[position] === LF)) step();
      return line;
    },
  };
}

function explain(error: CsvError, limits: CsvLimits): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a field has a quote character in the wrong place (a quote inside a quoted field must be doubled: "")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is longer than ${limits.recordChars / MiB} MiB`;
    default:
      return 'it could not be read as CSV';
  }
}

/** Parses a CSV file (UTF-8, with or without BOM, CRLF or LF line breaks). */
export function readCsv(file: Buffer, limits: CsvLimits): CsvTable {
  if (file.length === 0) throw new CsvFileError('The file is empty.');
  if (file.length > limits.fileBytes) {
    throw new CsvFileError(
      `The file is larger than ${limits.fileBytes / MiB} MiB. Split it into smaller files and import them one after the other.`,
    );
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw new CsvFileError('The file is not UTF-8 text. Export it again as "CSV UTF-8".');
  }

  const lines = lineCounter(file);
  let header: string[] | undefined;
  const records: CsvRecord[] = [];
  let recordStart = 0;
  try {
    parse(file, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: limits.recordChars,
      on_record: (cells: string[], context) => {
        const line = lines.startAt(recordStart);
        recordStart = context.bytes;
        if (!header) {
          header = cells.map((cell) => cell.trim());
        } else if (cells.some((cell) => cell.trim() !== '')) {
          // A row of nothing but commas is an empty line in a spreadsheet's eyes.
          if (records.length === limits.rows) {
            throw new CsvFileError(
              `The file has more than ${limits.rows.toLocaleString('en-US')} rows. Split it into smaller files and import them one after the other.`,
            );
          }
          records.push({ line, cells });
        }
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    const code = (error as CsvError).code;
    if (typeof code !== 'string') throw error;
    throw new CsvFileError(
      `The file is not valid CSV: ${explain(error as CsvError, limits)} (in the row starting on line ${lines.startAt(recordStart)}).`,
    );
  }
  if (!header) throw new CsvFileError('The file is empty.');
  return { header, records };
}
