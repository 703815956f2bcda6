// Wires the carriers part of fulfillment into the store: the signed webhook route every
// carrier posts to, the start of tracking when a parcel is packed, the admin page, and, while
// the built-in carrier simulator runs (CARRIER_SIMULATOR, on by default), the job that plans a
// parcel's events, the minute job that sends those due, its nightly tidy-up and its control API.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { registerCarrierAdminRoutes } from './simulator/admin/routes.tsx';
import { registerSimulatorControlRoutes } from './simulator/control-routes.ts';
import { connectCarrierSimulator, deliverDueCarrierEvents, forgetOldSimulatorRecords } from './simulator/deliver.ts';
import { carrierFaultsFromJson } from './simulator/faults.ts';
import { START_TRACKING_JOB, startTrackingJob } from './simulator/plan.ts';
import { subscribeStartTracking } from './start-tracking.ts';
import { carrierWebhookPath, registerCarrierWebhookRoute } from './webhook-route.ts';
import { SIGNATURE_HEADER } from './wire.ts';

export const CARRIER_SIMULATOR_JOB = 'fulfillment.carrier-simulator';
export const CARRIER_SIMULATOR_TIDY_JOB = 'fulfillment.carrier-simulator-tidy';

export function registerCarriers(app: App, platform: Platform): void {
  // Bad faults in the environment stop the store at start, with the reason, not at the first parcel.
  carrierFaultsFromJson(platform.config.carriers.simulatorFaults);
  registerCarrierWebhookRoute(app, platform);
  subscribeStartTracking(platform);
  registerCarrierAdminRoutes(app, platform);
  if (!platform.config.carriers.simulator) return;

  // The simulator lives in the store: its webhooks reach the route without the network.
  connectCarrierSimulator(platform, async (carrier, payload, signature) => {
    try {
      const response = await app.inject({
        method: 'POST',
        url: carrierWebhookPath(carrier),
        headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signature, 'user-agent': 'Doorstep-Carrier-Simulator/1.0' },
        payload,
      });
      return { status: response.statusCode, body: response.body };
    } catch {
      return { status: 0, body: '' }; // the store is stopping: tried again later
    }
  });
  platform.jobs.define<{ shipmentId: string }>(START_TRACKING_JOB, (data) => startTrackingJob(platform, data));
  platform.jobs.schedule(CARRIER_SIMULATOR_JOB, '* * * * *', async () => {
    await deliverDueCarrierEvents(platform);
  });
  platform.jobs.schedule(CARRIER_SIMULATOR_TIDY_JOB, '41 4 * * *', () => forgetOldSimulatorRecords(platform));
  registerSimulatorControlRoutes(app, platform);
}
