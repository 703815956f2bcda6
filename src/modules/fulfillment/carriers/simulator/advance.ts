// Fast-forwarding one parcel at the simulated carrier (tests, the browser test, a merchant
// showing the order page): its next event, or everything up to out for delivery or delivered,
// happens now. Those events are moved to the last minutes before now, in their order and after
// anything already sent, and then every due event is sent as the minute job would. Later
// events keep their planned times.
import { asc, eq } from 'drizzle-orm';
import type { Platform } from '../../../../platform/platform.ts';
import { normalizeTrackingNumber } from '../numbers/index.ts';
import { deliverDueCarrierEvents, type DeliveryRun } from './deliver.ts';
import { carrierSimulatorEvents } from './schema.ts';

export const ADVANCE_TARGETS = ['next', 'out_for_delivery', 'delivered'] as const;
export type AdvanceTarget = (typeof ADVANCE_TARGETS)[number];

export type SimulatedParcelEvent = typeof carrierSimulatorEvents.$inferSelect;

/** The parcel's planned events in their order, or [] when the simulator never heard of it. */
export async function simulatedParcel(platform: Platform, rawNumber: string): Promise<SimulatedParcelEvent[]> {
  const number = normalizeTrackingNumber(rawNumber);
  if (!number) return [];
  return platform.database.db.select().from(carrierSimulatorEvents).where(eq(carrierSimulatorEvents.trackingNumber, number)).orderBy(asc(carrierSimulatorEvents.carrier), asc(carrierSimulatorEvents.seq));
}

export interface Advanced {
  trackingNumber: string;
  /** Events brought forward to now (0: the target had already happened). */
  advanced: number;
  run: DeliveryRun;
}

/** Null when the simulator has no such parcel. */
export async function advanceParcel(platform: Platform, rawNumber: string, to: AdvanceTarget): Promise<Advanced | null> {
  const events = await simulatedParcel(platform, rawNumber);
  if (events.length === 0) return null;
  const { carrier, trackingNumber } = events[0]!;
  const parcel = events.filter((e) => e.carrier === carrier);
  const pending = parcel.filter((e) => e.sentAt === null && e.gaveUpAt === null);
  const last = to === 'next' ? 0 : pending.findIndex((e) => e.code === to);
  const chosen = last < 0 || pending.length === 0 ? [] : pending.slice(0, last + 1);
  if (chosen.length > 0) {
    const now = platform.clock.now().getTime();
    await platform.database.transaction(async (tx) => {
      // In the last minutes before now (a minute apart at most) and after everything the store
      // has already heard about this parcel; with no room left between the two (a frozen test
      // clock), a millisecond apart.
      const heard = Math.max(-Infinity, ...parcel.filter((e) => e.sentAt !== null).map((e) => e.occurredAt.getTime()));
      const start = Math.max(heard, now - chosen.length * 60_000);
      let previous = heard;
      for (const [index, event] of chosen.entries()) {
        const at = Math.max(Math.round(start + ((now - start) * (index + 1)) / chosen.length), previous + 1);
        previous = at;
        await tx
          .update(carrierSimulatorEvents)
          .set({ occurredAt: new Date(at), dueAt: new Date(now), nextAttemptAt: new Date(now) })
          .where(eq(carrierSimulatorEvents.id, event.id));
      }
    });
  }
  return { trackingNumber, advanced: chosen.length, run: await deliverDueCarrierEvents(platform) };
}
