// When the customer can expect their order, and how the order page says it. The orders
// module knows only what was promised at checkout (each line's promise); modules that learn
// more (fulfillment from its parcels and the carriers' scans, the delay checks from a missed
// deadline) refine it through `registerDeliveryEstimate`, without orders importing them.
import { formatDay, formatDayRange, localDateOf, type LocalDate } from '../../platform/calendar.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Order } from './read.ts';

/** A span of local dates (YYYY-MM-DD, the store's time zone); one end may be unknown. */
export interface DeliveryEstimate {
  earliest: LocalDate | null;
  latest: LocalDate | null;
}

/** Given the estimate so far (null: none), the better one this module knows, or the same; reads through `db`. */
export type EstimateRefiner = (order: Order, current: DeliveryEstimate | null, db: Db) => Promise<DeliveryEstimate | null>;

const refiners = new WeakMap<Platform, EstimateRefiner[]>();

/** Adds a refiner; refiners run in registration order, each seeing the one before's answer. */
export function registerDeliveryEstimate(platform: Platform, refiner: EstimateRefiner): void {
  const list = refiners.get(platform) ?? [];
  list.push(refiner);
  refiners.set(platform, list);
}

/** The latest of these dates, or null when there is none. */
function latestOf(dates: readonly (string | null | undefined)[]): string | null {
  return dates.filter((d): d is string => typeof d === 'string' && d !== '').sort().at(-1) ?? null;
}

/**
 * Everything arrives when the slowest part does: the latest of the earliest dates and the
 * latest of the latest ones. Null when nothing names a date.
 */
export function combineEstimates(estimates: readonly (DeliveryEstimate | null)[]): DeliveryEstimate | null {
  const known = estimates.filter((e): e is DeliveryEstimate => e !== null);
  const earliest = latestOf(known.map((e) => e.earliest));
  const latest = latestOf(known.map((e) => e.latest));
  if (!earliest && !latest) return null;
  // A late "earliest" from one part can pass another part's "latest": the span still ends last.
  return { earliest, latest: latest && earliest && latest < earliest ? earliest : latest };
}

/** What checkout promised for these lines. */
export function promisedEstimate(lines: readonly Pick<Order['lines'][number], 'promise'>[]): DeliveryEstimate | null {
  return combineEstimates(lines.map((line) => ({ earliest: line.promise.earliest, latest: line.promise.latest })));
}

/**
 * The order's estimate: the promise, refined by every registered module; a refiner that fails
 * is logged and skipped. Inside a transaction (an event handler), pass its handle.
 */
export async function deliveryEstimate(platform: Platform, order: Order, db: Db = platform.database.db): Promise<DeliveryEstimate | null> {
  let estimate = promisedEstimate(order.lines);
  for (const refine of refiners.get(platform) ?? []) {
    try {
      estimate = await refine(order, estimate, db);
    } catch (error) {
      platform.log.error({ err: error, orderId: order.id }, 'a delivery estimate could not be refined');
    }
  }
  return estimate;
}

export interface EstimateWords {
  /** "Arrives Thursday, November 26", "Arrives today", "It was due by … and is running late." */
  text: string;
  /** The last day has passed without a delivery. */
  late: boolean;
}

/** The estimate as the customer reads it, in the store's locale, against today in its time zone. */
export function estimateWords(estimate: DeliveryEstimate | null, format: { locale: string; timeZone: string }, now: Date): EstimateWords | null {
  if (!estimate) return null;
  const { earliest, latest } = estimate;
  const day = (date: LocalDate) => formatDay(date, format.locale, { long: true });
  const today = localDateOf(now, format.timeZone);
  const last = latest ?? earliest!;
  if (last < today) return { text: `It was due by ${day(last)} and is running late.`, late: true };
  if (last === today) return { text: 'Arrives today', late: false };
  if (!earliest || earliest <= today) return { text: `Arrives by ${day(last)}`, late: false };
  if (latest && earliest !== latest) return { text: `Arrives ${formatDayRange(earliest, latest, format.locale, { long: true })}`, late: false };
  return { text: `Arrives ${day(last)}`, late: false };
}
