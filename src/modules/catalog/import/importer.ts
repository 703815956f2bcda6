// Imports a Shopify product CSV: each product is saved with its stock in its own
// transaction, so a product is imported whole or not at all while the others go on.
// Saving an identical definition writes nothing, so importing the same file twice
// reports every product as unchanged.
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { setStock } from '../../inventory/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { refreshAvailability } from '../products/availability-sync.ts';
import { ProductInputError, saveProduct } from '../products/save.ts';
import { currencyDigits } from '../storefront/money.ts';
import { readCsv } from './csv.ts';
import { productsFromCsv, type ImportedProduct, type ImportFailure } from './shopify.ts';

export { CSV_LIMITS, ImportFileError } from './csv.ts';
export type { ImportFailure } from './shopify.ts';

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Bad rows, by line; a product with a bad row is not imported at all. */
  failed: ImportFailure[];
  /** Distinct products (handles) in the file. */
  products: number;
  /** Data rows in the file (header and empty rows excluded). */
  rows: number;
}

export interface ImportOptions {
  /** Who imports: "staff:<id>" from the admin, "import" from the command line. */
  actor: string;
  /** The file's name, recorded with the stock movements. */
  source: string;
}

type Outcome = 'created' | 'updated' | 'unchanged';

async function saveImported(
  platform: Platform,
  tx: Db,
  product: ImportedProduct,
  options: ImportOptions,
  batch: string,
): Promise<Outcome> {
  const saved = await saveProduct(platform, tx, product.input, options.actor);
  const settings = saved.variants.map((variant, i) => ({
    variantId: variant.id,
    ...product.stock[i]!,
  }));
  const stockChanged = await setStock(
    platform,
    tx,
    settings,
    options.actor,
    `import:${batch}`,
    `CSV import of ${options.source}`,
  );
  // The listing's availability flag is refreshed now rather than when the stock event is
  // handled, so a listing right after the import is already right.
  if (stockChanged)
    await refreshAvailability(
      platform,
      tx,
      saved.variants.map((variant) => variant.id),
    );
  if (saved.created) return 'created';
  return saved.changed || stockChanged ? 'updated' : 'unchanged';
}

/** Throws ImportFileError when the file as a whole cannot be imported. */
export async function importProducts(
  platform: Platform,
  file: Buffer,
  options: ImportOptions,
): Promise<ImportReport> {
  const table = readCsv(file);
  const { currency } = await getStoreProfile(platform);
  const parsed = productsFromCsv(table, { fractionDigits: currencyDigits(currency) });
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: parsed.failures,
    products: parsed.handles,
    rows: table.records.length,
  };
  const batch = newId();
  for (const product of parsed.products) {
    try {
      report[
        await platform.database.transaction((tx) =>
          saveImported(platform, tx, product, options, batch),
        )
      ]++;
    } catch (error) {
      const failure = { line: product.line, handle: product.input.handle };
      if (error instanceof ProductInputError) {
        report.failed.push({ ...failure, reason: error.message });
      } else {
        // One product the database refuses must not stop the rest; the log has the details.
        platform.log.error(
          { err: error, handle: product.input.handle, source: options.source },
          'import: product could not be saved',
        );
        report.failed.push({
          ...failure,
          reason:
            'could not be saved because of an unexpected error (the store log has the details)',
        });
      }
    }
  }
  report.failed.sort((a, b) => a.line - b.line);
  return report;
}
