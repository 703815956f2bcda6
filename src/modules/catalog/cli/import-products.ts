// npm run import:products -- <file.csv>
//
// Imports a Shopify product CSV and prints the report, one line per failed row. Exit code:
// 0 when every row was imported, 1 when some rows failed (the other products were
// imported), 2 when the file cannot be read or is not a product CSV. Opens the database
// itself, so on the embedded database the store must be stopped first (one process per
// data directory). Every module is registered, without starting the job worker, so that
// the events of the import reach the store's handlers when it runs again.
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openForCommand } from '../../../platform/db/command-line.ts';
import { createStore } from '../../../store.ts';
import {
  CSV_LIMITS,
  ImportFileError,
  importProducts,
  type ImportReport,
} from '../import/importer.ts';

const USAGE = 'Usage: npm run import:products -- <file.csv>';

/** A failure explained to the user; thrown so that the database and lock are released first. */
class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

function fail(message: string, exitCode = 1): never {
  throw new CliError(message, exitCode);
}

async function readCsvFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (!info.isFile()) fail(`${path} is not a file.`, 2);
    // Checked before reading, so a huge file is never loaded into memory.
    if (info.size > CSV_LIMITS.fileBytes)
      fail(
        `${path} is larger than ${CSV_LIMITS.fileBytes / (1024 * 1024)} MiB. Split it into smaller files.`,
        2,
      );
    return await readFile(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    fail(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      2,
    );
  }
}

function print(report: ImportReport): void {
  const skipped = report.products - report.created - report.updated - report.unchanged;
  process.stdout.write(
    `${report.products} products in ${report.rows} rows: ${report.created} created, ${report.updated} updated, ` +
      `${report.unchanged} unchanged, ${skipped} not imported.\n`,
  );
  for (const failure of report.failed) {
    process.stdout.write(
      `line ${failure.line}${failure.handle ? ` (${failure.handle})` : ''}: ${failure.reason}\n`,
    );
  }
}

async function main(): Promise<number> {
  let positionals: string[];
  try {
    const parsed = parseArgs({
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    positionals = parsed.positionals;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (positionals.length !== 1) fail(`name one CSV file.\n${USAGE}`, 2);
  const path = positionals[0]!;
  const file = await readCsvFile(path);

  const { config, database, unlock } = await openForCommand(
    (message) => fail(message),
    'Stop the store (Ctrl+C or SIGTERM), run this command again, then start the store; or use the upload at /admin/catalog/import.',
  );
  try {
    let store;
    try {
      // The import runs here, not in a store; demo data and the worker stay out of it.
      // Warnings and errors (e.g. a product the database refused) go to stderr.
      store = await createStore({ ...config, worker: false, demoData: false }, {
        database,
        log: pino({ level: 'warn' }, pino.destination(2)),
      });
    } catch (error) {
      await database.close();
      throw error;
    }
    try {
      await store.platform.jobs.start();
      const report = await importProducts(store.platform, file, { actor: 'import', source: path });
      print(report);
      return report.failed.length === 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof ImportFileError) fail(error.message, 2);
      throw error;
    } finally {
      await store.stop(); // stops the job system and closes the database
    }
  } finally {
    unlock();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof CliError ? error.message : ((error as Error).stack ?? String(error));
    process.stderr.write(`import:products: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);
