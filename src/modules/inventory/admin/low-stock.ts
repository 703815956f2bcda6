// /admin/inventory/low-stock: counted variants with no more available than the low-stock
// threshold, sold out first, beside what is already on its way.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { stockLevels, variantStockPolicies } from '../schema.ts';
import { readInventorySettings } from '../settings.ts';
import { openSupply, type SupplyLine } from '../supply.ts';
import { stockRows, type StockRow } from './figures.ts';
import { pageOf, ROWS_PER_PAGE, type Paged } from './overview.ts';

export interface LowStockRow extends StockRow {
  inbound: SupplyLine[];
}

export interface LowStockList extends Paged<LowStockRow> {
  threshold: number;
}

export async function lowStock(db: Db, requestedPage: number): Promise<LowStockList> {
  const { lowStockThreshold: threshold } = await readInventorySettings(db);
  // Every variant inventory knows (a level or a policy); without a policy row it is counted.
  const candidates = sql`
    with known as (
      select ${stockLevels.variantId} as variant_id from ${stockLevels}
      union
      select ${variantStockPolicies.variantId} from ${variantStockPolicies}
    ), net as (
      select ${stockLevels.variantId} as variant_id, sum(${stockLevels.onHand} - ${stockLevels.reserved})::int as net
      from ${stockLevels} group by ${stockLevels.variantId}
    )
    select known.variant_id, greatest(coalesce(net.net, 0), 0) as available
    from known
    left join net on net.variant_id = known.variant_id
    left join ${variantStockPolicies} on ${variantStockPolicies.variantId} = known.variant_id
    where coalesce(${variantStockPolicies.tracked}, 1) = 1 and greatest(coalesce(net.net, 0), 0) <= ${threshold}`;
  const [counted] = await rows<{ total: number }>(db, sql`select count(*)::int as total from (${candidates}) low`);
  const { page, pageCount } = pageOf(requestedPage, counted?.total ?? 0);
  const found = await rows<{ variant_id: string }>(
    db,
    sql`${candidates} order by available, known.variant_id limit ${ROWS_PER_PAGE} offset ${(page - 1) * ROWS_PER_PAGE}`,
  );
  const ids = found.map((row) => row.variant_id);
  const [stock, inbound] = await Promise.all([stockRows(db, ids), openSupply(db, { variantIds: ids })]);
  return {
    threshold,
    total: counted?.total ?? 0,
    page,
    pageCount,
    rows: stock.map((row) => ({ ...row, inbound: inbound.lines.filter((line) => line.variantId === row.variantId) })),
  };
}
