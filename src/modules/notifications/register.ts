// Wires the notifications module: one outbox handler per touch point (its own queue, retries
// and exactly-once record), and the delivery job, kicked when an email is queued and run
// every minute for retries; the admin pages and the email sections of the staff order and
// ticket pages.
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { registerNotificationsAdmin } from './admin/routes.tsx';
import { registerSupportInboundHooks } from './inbound-hooks.ts';
import { registerConsent } from './preferences/consent.ts';
import { registerAudienceRoutes } from './preferences/register-routes.ts';
import { deliverDue } from './queue/deliver.ts';
import { queueTouchPoint } from './queue/enqueue.ts';
import { registerEmailStatus } from './queue/health.ts';
import { DELIVER_QUEUE } from './queue/names.ts';
import { TOUCH_POINTS } from './touch-points/catalogue.ts';

export function registerNotifications(app: App, platform: Platform): void {
  for (const touchPoint of TOUCH_POINTS) {
    platform.events.subscribe(touchPoint.event, `notifications.${touchPoint.key}`, async (event, tx) => void (await queueTouchPoint(platform, tx, touchPoint, event)));
  }
  platform.jobs.define(DELIVER_QUEUE, async () => void (await deliverDue(platform)), { retryLimit: 3 });
  platform.jobs.schedule('notifications.deliver-due', '* * * * *', async () => void (await deliverDue(platform)));
  registerNotificationsAdmin(app, platform);
  registerAudienceRoutes(app, platform);
  registerConsent(platform);
  registerSupportInboundHooks(platform);
  registerEmailStatus(platform);
}

/** At start, what is due goes now: emails queued before a restart do not wait for the minute's sweep. */
export async function deliverAtStart(platform: Platform): Promise<void> {
  await platform.database.transaction((tx) => platform.jobs.send(tx, DELIVER_QUEUE, {}, { singletonKey: 'deliver' }));
}
