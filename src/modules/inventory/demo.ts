// Demo stock: with DEMO_DATA on, a second warehouse and a handful of demo products set up so
// a visitor meets every availability state: low stock (at one location and spread over two),
// sold out, a backorder dated by a purchase order, a backorder on lead time, a pre-order and
// a made-to-order piece. Done once: a store that already has the "east" location is left as
// it is, so stock the merchant has changed since is never overwritten on a later start.
import { addDays, type LocalDate } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { changeStock, type StockChange } from './adjust.ts';
import { listLocations, saveLocation, type LocationInput } from './locations.ts';
import { DEFAULT_POLICY, savePolicy, type PolicySetting } from './policies.ts';
import { createSupply, storeToday } from './supply.ts';
import { defaultLocationId } from './stock.ts';
import { variantDirectory } from './variant-directory.ts';

const ACTOR = 'system';
const REASON = 'Demo stock';

export const DEMO_LOCATION: LocationInput = {
  code: 'east',
  name: 'East warehouse',
  address: '200 Harbor Street\nBoston, MA 02210\nUnited States',
  processingDays: 2,
  cutoffTime: '12:00',
  priority: 200,
  isDefault: false,
};

type DemoLocation = 'main' | 'east';

interface DemoStock {
  /** A product handle from demo/catalog/*.csv; every variant of it gets the same stock. */
  handle: string;
  /** Units on hand by location code. */
  onHand: Partial<Record<DemoLocation, number>>;
  policy?: Partial<Omit<PolicySetting, 'releaseDate'>>;
  /** A pre-order's release, in days from the first start. */
  releaseInDays?: number;
  /** An open purchase order at the default location. */
  inbound?: { reference: string; quantity: number; inDays: number };
}

/** The demo products that show each state, in one place. */
export const DEMO_STOCK: readonly DemoStock[] = [
  // Low stock: "only 2 left" on the product page.
  { handle: 'ocean-blue-shirt', onHand: { main: 2 } },
  { handle: 'vanilla-candle', onHand: { main: 3 } },
  // Low stock over two locations: 1 here and 2 in the east warehouse.
  { handle: 'copper-light', onHand: { main: 1, east: 2 } },
  // In stock only in the east warehouse, which ships a day later.
  { handle: 'grey-sofa', onHand: { main: 0, east: 6 } },
  // Sold out, sold only from stock.
  { handle: 'pink-armchair', onHand: { main: 0 } },
  // Backordered, dated by a purchase order about three weeks out.
  { handle: 'cream-sofa', onHand: { main: 0 }, policy: { policy: 'backorder', maxBackorder: 10 }, inbound: { reference: 'PO-1001', quantity: 12, inDays: 21 } },
  // Backordered with nothing expected: ships after its lead time.
  { handle: 'yellow-sofa', onHand: { main: 0 }, policy: { policy: 'backorder', leadTimeDays: 15 } },
  // A pre-order released in about six weeks.
  { handle: 'galaxy-earrings', onHand: { main: 0 }, policy: { policy: 'preorder', maxBackorder: 50 }, releaseInDays: 42 },
  // Made to order in 7 business days; there is no stock to count.
  { handle: 'wooden-outdoor-table', onHand: {}, policy: { policy: 'made_to_order', tracked: false, leadTimeDays: 7 } },
];

/** Loads the demo stock once, after the demo catalogue (whose handles it picks). */
export async function loadDemoStock(platform: Platform): Promise<void> {
  if (!platform.config.demoData) return;
  if ((await listLocations(platform.database.db)).some((l) => l.code === DEMO_LOCATION.code)) return;
  const today = await storeToday(platform);
  const applied = await platform.database.transaction(async (tx) => {
    const mainId = await defaultLocationId(tx);
    const east = await saveLocation(platform, tx, null, DEMO_LOCATION);
    // Another instance starting at the same moment got there first.
    if (east.kind !== 'saved') return null;
    return applyDemoStock(platform, tx, today, { main: mainId, east: east.id });
  });
  if (applied === null) return;
  platform.log.info({ variants: applied.variants, missing: applied.missing }, `demo stock loaded: ${applied.variants} variants in every availability state`);
}

async function applyDemoStock(platform: Platform, tx: Db, today: LocalDate, locationIds: Record<DemoLocation, string>): Promise<{ variants: number; missing: string[] }> {
  const variantsOf = await variantDirectory().idsByHandle(tx, DEMO_STOCK.map((d) => d.handle));
  const missing: string[] = [];
  let variants = 0;
  for (const demo of DEMO_STOCK) {
    const ids = variantsOf.get(demo.handle);
    if (!ids) {
      missing.push(demo.handle);
      continue;
    }
    for (const variantId of ids) {
      const releaseDate = demo.releaseInDays === undefined ? null : addDays(today, demo.releaseInDays);
      await savePolicy(platform, tx, variantId, { ...DEFAULT_POLICY, ...demo.policy, releaseDate }, ACTOR);
      const changes: StockChange[] = Object.entries(demo.onHand).map(([code, set]) => ({ variantId, locationId: locationIds[code as DemoLocation], set, reason: REASON }));
      await changeStock(platform, tx, changes, ACTOR, 'demo');
      if (demo.inbound) {
        const { reference, quantity, inDays } = demo.inbound;
        await createSupply(platform, tx, { reference, variantId, locationId: locationIds.main, quantity, expectedOn: addDays(today, inDays), note: 'Demo purchase order' }, today, ACTOR);
      }
      variants++;
    }
  }
  if (missing.length) platform.log.warn({ handles: missing }, 'demo stock: these demo products are not in the catalogue');
  return { variants, missing };
}
