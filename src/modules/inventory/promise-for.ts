// Gathers what the delivery promise needs for lines of a cart, a checkout or a product page:
// availability (with the shopper's own reservation counted as theirs), the location each
// line ships from, the inbound supply earlier backorders have not claimed, the store's
// shipping calendar and locale, and the chosen (or home market's first) shipping method.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { homeCountry, methodsFor, quote, storeCalendar, type ShippingOption } from '../shipping/index.ts';
import { getStoreProfile } from '../site/index.ts';
import { availabilityFrom, readStockFigures, type StockFigures } from './availability.ts';
import { dispatchLocations, type LocationDispatch } from './locations.ts';
import { deliveryPromise, type DeliveryPromise, type InboundSupply } from './promise.ts';
import { inboundSupply } from './schema.ts';

export interface PromiseLine {
  variantId: string;
  quantity: number;
}

export interface PromiseOptions {
  /** A shipping method the shopper chose; otherwise the first method to `country`. */
  methodId?: string | null;
  /** ISO alpha-2 destination; the home market when absent. */
  country?: string | null;
  /** The shopper's reservation holder ("cart:<id>"): units it holds count as theirs. */
  holder?: string | null;
}

export interface LinePromise extends DeliveryPromise {
  variantId: string;
  quantity: number;
  /** The stock location the line ships from. */
  locationId: string | null;
}

export interface PromiseAnswer {
  lines: LinePromise[];
  /** The method the dates count transit for; null when none reaches the destination. */
  method: ShippingOption | null;
  country: string | null;
}

/**
 * Reads through the outer database handle (calendar, zones, locations and settings are
 * remembered briefly): call it outside a transaction. A caller that has just read the stock
 * figures (a reservation) passes them in `known` instead of having them read again.
 */
export async function promisesFor(platform: Platform, lines: readonly PromiseLine[], options: PromiseOptions = {}, known?: StockFigures): Promise<PromiseAnswer> {
  const db = platform.database.db;
  const variantIds = [...new Set(lines.map((l) => l.variantId))];
  const country = options.country?.toUpperCase() ?? (await homeCountry(db));
  const [calendar, profile, method, locations, figures] = await Promise.all([
    storeCalendar(platform),
    getStoreProfile(platform),
    chosenMethod(db, options.methodId ?? null, country),
    dispatchLocations(db),
    known ?? readStockFigures(db, variantIds, options.holder),
  ]);
  const availability = new Map(variantIds.map((id) => [id, availabilityFrom(figures, id)]));
  // Inbound supply only matters to a line that stock alone cannot cover.
  const short = lines.filter((line) => {
    const free = availability.get(line.variantId)!.available;
    return free !== null && line.quantity > free;
  });
  const inbound = await openInbound(db, [...new Set(short.map((l) => l.variantId))]);
  const now = platform.clock.now();
  return {
    method,
    country,
    lines: lines.map((line) => {
      const held = figures.held.get(line.variantId);
      const figure = availability.get(line.variantId)!;
      const location = held ? locations.find((l) => l.id === held.locationId) : shippingLocation(locations, figures.levels.filter((l) => l.variantId === line.variantId), line.quantity);
      const promise = deliveryPromise({
        availability: figure,
        quantity: line.quantity,
        location: location ?? { processingDays: 1, cutoffTime: '14:00' },
        method,
        inbound: unclaimed(inbound.get(line.variantId) ?? [], figure.backordered),
        calendar,
        locale: profile.locale,
        now,
      });
      return { ...promise, variantId: line.variantId, quantity: line.quantity, locationId: location?.id ?? null };
    }),
  };
}

async function chosenMethod(db: Db, methodId: string | null, country: string | null): Promise<ShippingOption | null> {
  if (methodId) {
    const chosen = await quote(db, methodId, 0);
    if (chosen) return chosen.method;
  }
  if (!country) return null;
  const [first] = await methodsFor(db, country);
  return first ?? null;
}

/**
 * Where a line would ship from: the default location when it can cover the quantity, else
 * the first by priority that can, else the one with the most free stock; with none free
 * anywhere, the default location, where restocks are expected and a backorder waits.
 */
export function shippingLocation<L extends LocationDispatch>(locations: readonly L[], levels: readonly { locationId: string; net: number }[], quantity: number): L | undefined {
  const ordered = [...locations].sort((a, b) => b.isDefault - a.isDefault || a.priority - b.priority || a.id.localeCompare(b.id));
  const free = (location: L) => levels.find((l) => l.locationId === location.id)?.net ?? 0;
  const covering = ordered.find((location) => free(location) >= quantity);
  if (covering) return covering;
  const fullest = ordered.reduce<L | undefined>((best, location) => (best === undefined || free(location) > free(best) ? location : best), undefined);
  return fullest && free(fullest) > 0 ? fullest : ordered[0];
}

/** Open purchase-order quantities still to come, per variant, earliest first. */
export async function openInbound(db: Db, variantIds: readonly string[]): Promise<Map<string, InboundSupply[]>> {
  const found = new Map<string, InboundSupply[]>();
  if (variantIds.length === 0) return found;
  const rows = await db
    .select({ variantId: inboundSupply.variantId, expectedOn: inboundSupply.expectedOn, quantity: sql<number>`${inboundSupply.quantity} - ${inboundSupply.received}` })
    .from(inboundSupply)
    .where(and(inArray(inboundSupply.variantId, [...variantIds]), eq(inboundSupply.status, 'open')))
    .orderBy(asc(inboundSupply.expectedOn));
  for (const row of rows) {
    if (row.quantity <= 0) continue;
    found.set(row.variantId, [...(found.get(row.variantId) ?? []), { expectedOn: row.expectedOn, quantity: row.quantity }]);
  }
  return found;
}

/** Supply left once the units already backordered have taken theirs, earliest deliveries first. */
export function unclaimed(inbound: readonly InboundSupply[], backordered: number): InboundSupply[] {
  let claim = backordered;
  const left: InboundSupply[] = [];
  for (const supply of [...inbound].sort((a, b) => a.expectedOn.localeCompare(b.expectedOn))) {
    const taken = Math.min(claim, supply.quantity);
    claim -= taken;
    if (supply.quantity > taken) left.push({ expectedOn: supply.expectedOn, quantity: supply.quantity - taken });
  }
  return left;
}
