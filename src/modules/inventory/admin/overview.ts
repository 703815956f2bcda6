// /admin/inventory: every variant the catalog has, found by SKU or product title, fifty to a
// page, with its stock at each location.
import type { Db } from '../../../platform/db/database.ts';
import { variantDirectory } from '../variant-directory.ts';
import { stockRows, type StockRow } from './figures.ts';

export const ROWS_PER_PAGE = 50;

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

/** The page to show (within 1..pageCount) of `total` rows. */
export function pageOf(requested: number, total: number): { page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(total / ROWS_PER_PAGE));
  return { page: Math.min(Math.max(1, requested), pageCount), pageCount };
}

export async function inventoryOverview(db: Db, query: { q: string; page: number }): Promise<Paged<StockRow>> {
  const search = (page: number) => variantDirectory().search(db, { text: query.q, offset: (page - 1) * ROWS_PER_PAGE, limit: ROWS_PER_PAGE });
  let found = await search(query.page);
  const { page, pageCount } = pageOf(query.page, found.total);
  // A page past the end (the list shrank since the link was made) shows the last one.
  if (page !== query.page) found = await search(page);
  return { rows: await stockRows(db, found.ids), total: found.total, page, pageCount };
}
