// Extension points of the staff order search, for what other modules know about an order:
// a finder turns what an agent typed into orders (fulfillment finds the order of a tracking
// number) and a list column adds a figure to each row found (fulfillment's parcel count).
// Orders never imports those modules; they register here, as the page sections do.
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';

/** The ids of the orders `query` names, or none; `query` is trimmed and never empty. */
export type OrderFinder = (db: Db, query: string) => Promise<readonly string[]>;

export interface OrderListColumn {
  heading: string;
  /** The cell of each listed order that has one (one query for the page, not one per row). */
  cells: (db: Db, orderIds: readonly string[]) => Promise<ReadonlyMap<string, string | number>>;
  /** The cell of an order without one. */
  empty: string;
}

interface Hooks {
  finders: OrderFinder[];
  columns: OrderListColumn[];
}

const registry = new WeakMap<Platform, Hooks>();

function hooksOf(platform: Platform): Hooks {
  let hooks = registry.get(platform);
  if (!hooks) {
    hooks = { finders: [], columns: [] };
    registry.set(platform, hooks);
  }
  return hooks;
}

export function registerOrderFinder(platform: Platform, finder: OrderFinder): void {
  hooksOf(platform).finders.push(finder);
}

export function registerOrderListColumn(platform: Platform, column: OrderListColumn): void {
  hooksOf(platform).columns.push(column);
}

/** Every registered finder's orders for this query; a finder that fails is logged and found nothing. */
export async function findOrdersElsewhere(platform: Platform, db: Db, query: string): Promise<string[]> {
  const found = await Promise.all(
    hooksOf(platform).finders.map(async (finder) => {
      try {
        return await finder(db, query);
      } catch (error) {
        platform.log.error({ err: error }, 'an order finder failed');
        return [];
      }
    }),
  );
  return [...new Set(found.flat())];
}

export interface FilledColumn {
  heading: string;
  cell: (orderId: string) => string | number;
}

/** The registered columns filled for these orders; a column that fails shows its empty cell. */
export async function fillListColumns(platform: Platform, db: Db, orderIds: readonly string[]): Promise<FilledColumn[]> {
  return Promise.all(
    hooksOf(platform).columns.map(async (column) => {
      let cells: ReadonlyMap<string, string | number> = new Map();
      if (orderIds.length > 0) {
        try {
          cells = await column.cells(db, orderIds);
        } catch (error) {
          platform.log.error({ err: error, column: column.heading }, 'an order list column failed');
        }
      }
      return { heading: column.heading, cell: (orderId: string) => cells.get(orderId) ?? column.empty };
    }),
  );
}
