// The delay checks as runs: the scheduled job every 15 minutes (and tests, with a fixed
// clock) looks at every paid order still waiting to ship and every parcel that is quiet or has
// a carrier exception, records what is new, and marks over what is over; a carrier exception
// is also checked at once, parcel by parcel, when it is reported. The calendar, settings and
// orders are read first through the outer handle; each delay is then recorded in its own short
// transaction, so one failing order does not hold back the others.
import { localDateOf } from '../../../platform/calendar.ts';
import type { Platform } from '../../../platform/platform.ts';
import { listLocations } from '../../inventory/index.ts';
import { orderById, ordersInStatus, type Order } from '../../orders/index.ts';
import { storeCalendar } from '../../shipping/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { shipmentById } from '../shipments/read.ts';
import { AWAITING_SHIPMENT, orderFindings, parcelFindings, transitOf, type CheckContext, type DelayFinding, type Transit } from './detect.ts';
import { delaysOfOrders, lastCarrierProblem, openDelays, parcelsOfOrders, parcelsToWatch } from './read.ts';
import { recordDelay } from './record.ts';
import { resolveOrderDelays } from './resolve.ts';
import { readDelaySettings } from './settings.ts';

export const DELAY_CHECK_JOB = 'fulfillment.check-delays';
export const DELAY_CHECK_CRON = '*/15 * * * *';
/** The queue a carrier exception is checked on, right after it is reported. */
export const PARCEL_CHECK_JOB = 'fulfillment.check-parcel-delay';

/** Orders and parcels looked at per run, the longest waiting first; the next run takes the rest. */
const BATCH = 2000;

export interface DelayCheckResult {
  ordersChecked: number;
  parcelsChecked: number;
  /** Delays recorded (and acted on) in this run. */
  recorded: number;
  resolved: number;
}

async function checkContext(platform: Platform): Promise<CheckContext> {
  const db = platform.database.db;
  const [calendar, settings, locations] = await Promise.all([storeCalendar(platform), readDelaySettings(db), listLocations(db)]);
  const now = platform.clock.now();
  return { calendar, settings, now, today: localDateOf(now, calendar.timeZone), processingDays: new Map(locations.map((l) => [l.id, l.processingDays])) };
}

/** One run of the job. */
export async function runDelayChecks(platform: Platform): Promise<DelayCheckResult> {
  const db = platform.database.db;
  const ctx = await checkContext(platform);
  const transits = new Map<string, Transit>();
  const transit = async (order: Order) => {
    let found = transits.get(order.id);
    if (!found) transits.set(order.id, (found = await transitOf(db, ctx.calendar, order)));
    return found;
  };

  const findings: DelayFinding[] = [];
  const waiting = await ordersInStatus(db, AWAITING_SHIPMENT, BATCH);
  const [parcelsByOrder, delays] = await Promise.all([
    parcelsOfOrders(
      db,
      waiting.map((o) => o.id),
    ),
    delaysOfOrders(
      db,
      waiting.map((o) => o.id),
    ),
  ]);
  for (const order of waiting) {
    findings.push(...(await orderFindings(db, ctx, order, parcelsByOrder.get(order.id) ?? [], delays.filter((d) => d.orderId === order.id), await transit(order))));
  }

  // A parcel quiet for N business days has been quiet for at least N calendar days.
  const watched = await parcelsToWatch(db, new Date(ctx.now.getTime() - ctx.settings.noScanBusinessDays * 86_400_000), BATCH);
  for (const parcel of watched) {
    const order = waiting.find((o) => o.id === parcel.orderId) ?? (await orderById(db, parcel.orderId));
    if (!order) continue;
    const problem = parcel.exception !== null ? await lastCarrierProblem(db, parcel.id) : null;
    findings.push(...parcelFindings(ctx, order, parcel, problem, await transit(order)));
  }

  const recorded = await recordAll(platform, findings);
  let resolved = 0;
  const withOpen = new Set((await openDelays(db, BATCH)).map((d) => d.orderId));
  for (const orderId of withOpen) resolved += await platform.database.transaction((tx) => resolveOrderDelays(tx, orderId, platform.clock.now()));
  const result = { ordersChecked: waiting.length, parcelsChecked: watched.length, recorded, resolved };
  if (recorded || resolved) platform.log.info(result, 'delay checks');
  return result;
}

/** Checks one parcel now (a carrier exception was just reported); returns how many delays were recorded. */
export async function checkParcelNow(platform: Platform, shipmentId: string): Promise<number> {
  const db = platform.database.db;
  const parcel = await shipmentById(db, shipmentId);
  const order = parcel ? await orderById(db, parcel.orderId) : null;
  if (!parcel || !order) return 0;
  const ctx = await checkContext(platform);
  const problem = parcel.exception !== null ? await lastCarrierProblem(db, parcel.id) : null;
  return recordAll(platform, parcelFindings(ctx, order, parcel, problem, await transitOf(db, ctx.calendar, order)));
}

async function recordAll(platform: Platform, findings: readonly DelayFinding[]): Promise<number> {
  if (findings.length === 0) return 0;
  const { locale } = await getStoreProfile(platform);
  let recorded = 0;
  for (const finding of findings) {
    try {
      if (await platform.database.transaction((tx) => recordDelay(platform, tx, finding, locale))) recorded++;
    } catch (error) {
      // One order's failure (a ticket the desk refuses, a lost connection) must not stop the others; the next run tries it again.
      platform.log.error({ err: error, orderId: finding.orderId, kind: finding.kind }, 'a delay could not be recorded');
    }
  }
  return recorded;
}
