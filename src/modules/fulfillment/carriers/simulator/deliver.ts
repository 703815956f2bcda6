// The simulated carriers telling the store: every event whose time has come goes out in signed
// batches (up to ten events of one carrier each, oldest first) to POST /webhooks/carriers/:carrier.
// A job runs this every minute, and tests and the control API run it after moving the clock or
// a parcel on: nothing here keeps time of its own. Events are claimed with a short lease
// (SKIP LOCKED), so two runs at once never send the same try twice, and a run that dies leaves
// them to be tried again once the lease ends. A delivery the store refuses, or one lost on the
// way (a fault), is tried again after 1, 2, 4 … minutes (at most an hour apart), up to 12 tries.
// The duplicate fault sends some events a second time in a batch of their own.
import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { newId } from '../../../../platform/ids.ts';
import type { Platform } from '../../../../platform/platform.ts';
import type { CarrierCode } from '../numbers/index.ts';
import { carrierWebhookSecret, signCarrierPayload, type WireBatch } from '../wire.ts';
import { readCarrierFaults } from './faults.ts';
import { carrierSimulatorDeliveries, carrierSimulatorEvents } from './schema.ts';

/** Sends one signed batch to the store's webhook route; resolves to its answer (status 0: none). */
export type CarrierPost = (carrier: CarrierCode, payload: string, signature: string) => Promise<{ status: number; body: string }>;

export const BATCH_SIZE = 10;
export const MAX_ATTEMPTS = 12;
/** Events claimed per round, and rounds per run: a run sends at most 5,000 events, the next minute takes the rest. */
const CLAIM = 200;
const ROUNDS = 25;
const LEASE_MS = 5 * 60_000;

type SimulatedEvent = typeof carrierSimulatorEvents.$inferSelect;

const posts = new WeakMap<Platform, CarrierPost>();

/** How this store's simulator reaches its webhook route (set when the carriers part registers). */
export function connectCarrierSimulator(platform: Platform, post: CarrierPost): void {
  posts.set(platform, post);
}

export interface DeliveryRun {
  /** Events the store acknowledged. */
  sent: number;
  /** Batches posted or lost, duplicates included. */
  deliveries: number;
  lost: number;
  refused: number;
  gaveUp: number;
}

/** Minutes before try `attempts + 1`. */
export const retryDelayMinutes = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1));

export function toWire(event: SimulatedEvent): WireBatch['events'][number] {
  return {
    id: event.id,
    trackingNumber: event.trackingNumber,
    code: event.code,
    detail: event.detail,
    location: event.location,
    occurredAt: event.occurredAt.toISOString(),
    ...(event.estimateEarliest && event.estimateLatest ? { estimatedDelivery: { earliest: event.estimateEarliest, latest: event.estimateLatest } } : {}),
  };
}

async function claim(platform: Platform, now: Date): Promise<SimulatedEvent[]> {
  return platform.database.transaction(async (tx) => {
    const due = await tx
      .select({ id: carrierSimulatorEvents.id })
      .from(carrierSimulatorEvents)
      .where(and(isNull(carrierSimulatorEvents.sentAt), isNull(carrierSimulatorEvents.gaveUpAt), lte(carrierSimulatorEvents.nextAttemptAt, now)))
      .orderBy(asc(carrierSimulatorEvents.nextAttemptAt), asc(carrierSimulatorEvents.seq))
      .limit(CLAIM)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(carrierSimulatorEvents)
      .set({ attempts: sql`${carrierSimulatorEvents.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(carrierSimulatorEvents.id, due.map((d) => d.id)))
      .returning();
    // Oldest news first; within a parcel, its own order.
    return claimed.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.seq - b.seq);
  });
}

function batches(events: readonly SimulatedEvent[]): SimulatedEvent[][] {
  const byCarrier = new Map<string, SimulatedEvent[]>();
  for (const event of events) byCarrier.set(event.carrier, [...(byCarrier.get(event.carrier) ?? []), event]);
  const out: SimulatedEvent[][] = [];
  for (const list of byCarrier.values()) for (let i = 0; i < list.length; i += BATCH_SIZE) out.push(list.slice(i, i + BATCH_SIZE));
  return out;
}

/** Sends every event due by the store's clock now. */
export async function deliverDueCarrierEvents(platform: Platform): Promise<DeliveryRun> {
  const post = posts.get(platform);
  if (!post) throw new Error('The carrier simulator is not running in this store (CARRIER_SIMULATOR=false?)');
  const db = platform.database.db;
  const secret = carrierWebhookSecret(platform.config);
  const run: DeliveryRun = { sent: 0, deliveries: 0, lost: 0, refused: 0, gaveUp: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const now = platform.clock.now();
    const claimed = await claim(platform, now);
    if (claimed.length === 0) break;
    const faults = await readCarrierFaults(platform, db);
    const twice = claimed.filter(() => Math.random() < faults.duplicateRate);
    const plan = [...batches(claimed).map((events) => ({ events, duplicate: false })), ...batches(twice).map((events) => ({ events, duplicate: true }))];
    for (const { events, duplicate } of plan) {
      const carrier = events[0]!.carrier as CarrierCode;
      const ids = events.map((e) => e.id);
      const firstTry = events.some((e) => e.attempts === 1);
      let outcome: 'accepted' | 'refused' | 'lost' | 'unreachable';
      let answer = { status: 0, body: '' };
      if (!duplicate && firstTry && Math.random() < faults.lostRate) {
        outcome = 'lost';
      } else {
        const payload = JSON.stringify({ carrier, events: events.map(toWire) } satisfies WireBatch);
        answer = await post(carrier, payload, signCarrierPayload(secret, payload, Math.floor(platform.clock.now().getTime() / 1000)));
        outcome = answer.status >= 200 && answer.status < 300 ? 'accepted' : answer.status === 0 ? 'unreachable' : 'refused';
      }
      run.deliveries++;
      const at = platform.clock.now();
      await db.insert(carrierSimulatorDeliveries).values({ id: newId(), carrier, attemptedAt: at, eventIds: ids, outcome, status: answer.status, answer: answer.body.slice(0, 300), duplicate });
      if (outcome === 'accepted') {
        const marked = await db
          .update(carrierSimulatorEvents)
          .set({ sentAt: at })
          .where(and(inArray(carrierSimulatorEvents.id, ids), isNull(carrierSimulatorEvents.sentAt)))
          .returning({ id: carrierSimulatorEvents.id });
        run.sent += marked.length;
        continue;
      }
      if (outcome === 'lost') run.lost++;
      else run.refused++;
      if (duplicate) continue; // the first copy decides whether the event is sent again
      for (const event of events) {
        const exhausted = event.attempts >= MAX_ATTEMPTS;
        if (exhausted) run.gaveUp++;
        await db
          .update(carrierSimulatorEvents)
          .set(exhausted ? { gaveUpAt: at } : { nextAttemptAt: new Date(at.getTime() + retryDelayMinutes(event.attempts) * 60_000) })
          .where(and(eq(carrierSimulatorEvents.id, event.id), isNull(carrierSimulatorEvents.sentAt)));
      }
      if (exhausted(events)) platform.log.warn({ carrier, events: ids.length, status: answer.status }, 'carrier simulator: gave up on a webhook after every retry');
    }
  }
  if (run.refused > 0) platform.log.warn({ ...run }, 'carrier simulator: some webhooks were not accepted; they are retried');
  return run;
}

const exhausted = (events: readonly SimulatedEvent[]) => events.some((e) => e.attempts >= MAX_ATTEMPTS);

/** Forgets deliveries older than a week and events sent more than 30 days ago (the nightly tidy-up). */
export async function forgetOldSimulatorRecords(platform: Platform): Promise<void> {
  const now = platform.clock.now().getTime();
  const db = platform.database.db;
  await db.delete(carrierSimulatorDeliveries).where(lt(carrierSimulatorDeliveries.attemptedAt, new Date(now - 7 * 86_400_000)));
  await db.delete(carrierSimulatorEvents).where(lt(carrierSimulatorEvents.sentAt, new Date(now - 30 * 86_400_000)));
}
