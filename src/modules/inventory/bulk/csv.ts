// A stock file: a CSV with a header row and the columns sku, location, set, delta, reason
// (location and reason optional; set or delta per row). It becomes the lines of one batch,
// each knowing its line in the file. A cell that is not a number marks its line invalid, to
// be reported with the others; only a file that cannot be read at all is refused whole.
import { CsvFileError, readCsv, type CsvLimits } from '../../../platform/csv.ts';
import { MAX_BATCH_LINES, type StockLine } from './apply.ts';

export const STOCK_CSV_COLUMNS = ['sku', 'location', 'set', 'delta', 'reason'] as const;
type Column = (typeof STOCK_CSV_COLUMNS)[number];

export const STOCK_CSV_LIMITS: CsvLimits = {
  fileBytes: 2 * 1024 * 1024,
  rows: MAX_BATCH_LINES,
  recordChars: 4096,
};

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

function columnsOf(header: string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.forEach((cell, index) => {
    const name = cell.toLowerCase();
    if (name === '') return;
    if (!(STOCK_CSV_COLUMNS as readonly string[]).includes(name)) {
      throw new CsvFileError(
        `The first line must name the columns; "${cell}" is not one of them (${STOCK_CSV_COLUMNS.join(', ')}).`,
      );
    }
    if (columns.has(name as Column))
      throw new CsvFileError(`The column "${name}" appears twice in the first line.`);
    columns.set(name as Column, index);
  });
  if (!columns.has('sku') || (!columns.has('set') && !columns.has('delta'))) {
    throw new CsvFileError(
      `The first line must name the columns, with at least sku and set or delta: ${STOCK_CSV_COLUMNS.join(',')}.`,
    );
  }
  return columns;
}

/** Reads a stock file into batch lines; throws CsvFileError when it cannot be read at all. */
export function readStockCsv(file: Buffer): StockLine[] {
  const table = readCsv(file, STOCK_CSV_LIMITS);
  const columns = columnsOf(table.header);
  if (table.records.length === 0)
    throw new CsvFileError('The file has a header but no rows: there is nothing to apply.');
  return table.records.map(({ line, cells }) => {
    const cell = (column: Column) => {
      const index = columns.get(column);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const stockLine: StockLine = {
      line,
      sku: cell('sku'),
      location: cell('location') || undefined,
      reason: cell('reason') || undefined,
    };
    for (const column of ['set', 'delta'] as const) {
      const value = cell(column);
      if (value === '') continue;
      if (NUMBER.test(value)) stockLine[column] = Number(value);
      else
        stockLine.invalid ??= {
          code: 'not-a-number',
          message: `The ${column} column holds "${value.slice(0, 20)}", which is not a number.`,
        };
    }
    return stockLine;
  });
}
