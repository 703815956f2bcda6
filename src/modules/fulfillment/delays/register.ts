// Wires the delay checks into the store: the job every 15 minutes, a carrier exception checked
// as soon as it is reported (through a job of its own, so the check reads the calendar outside
// the event handler's transaction), delays marked over as parcels move, the order page
// sections, the order's delivery estimate and the admin page with the settings.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerDeliveryEstimate } from '../../orders/index.ts';
import { SHIPMENT_EVENTS, shipmentException } from '../events.ts';
import type { ShipmentStatus } from '../states.ts';
import { registerDelayAdmin } from './admin.tsx';
import { checkParcelNow, DELAY_CHECK_CRON, DELAY_CHECK_JOB, PARCEL_CHECK_JOB, runDelayChecks } from './check.ts';
import { estimateWithDelays } from './order-estimate.ts';
import { resolveOrderDelays } from './resolve.ts';
import { registerDelaySections } from './sections.tsx';

/** Parcel moves that can end a delay: units leaving, a scan on the way, the delivery. */
const ENDING_MOVES: readonly ShipmentStatus[] = ['shipped', 'in_transit', 'out_for_delivery', 'delivered'];

export function registerDelayChecks(app: App, platform: Platform): void {
  platform.jobs.schedule(DELAY_CHECK_JOB, DELAY_CHECK_CRON, async () => {
    await runDelayChecks(platform);
  });
  platform.jobs.define<{ shipmentId: string }>(PARCEL_CHECK_JOB, async ({ shipmentId }) => {
    await checkParcelNow(platform, shipmentId);
  });
  platform.events.subscribe(shipmentException, 'fulfillment.delay-on-exception', async (event, tx) => {
    await platform.jobs.send(tx, PARCEL_CHECK_JOB, { shipmentId: event.payload.shipmentId });
  });
  for (const status of ENDING_MOVES) {
    platform.events.subscribe(SHIPMENT_EVENTS[status], `fulfillment.delays-over-on-${status.replace(/_/g, '-')}`, async (event, tx) => {
      await resolveOrderDelays(tx, event.payload.orderId, platform.clock.now());
    });
  }
  registerDelaySections(platform);
  registerDeliveryEstimate(platform, (order, current, db) => estimateWithDelays(platform, order, current, db));
  registerDelayAdmin(app, platform);
}
