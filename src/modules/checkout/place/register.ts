// Everything that turns a checkout into a paid order, wired into the store: placing the order
// (form and API), the pay block on the order page and its actions, the agent's payment block,
// the one handler every payment news runs through, and the job that cancels orders left unpaid
// past their deadline. The pay-link and cancellation emails are the notifications module's,
// sent from `order.payment_link_sent` and `order.cancelled`.
import type { App } from '../../../platform/http/app.ts';
import type { Platform } from '../../../platform/platform.ts';
import { onPaymentChange } from '../../payments/index.ts';
import { registerCaptureOnShip } from '../pay/capture-on-ship.ts';
import { CANCEL_UNPAID_JOB, cancelUnpaidOrders } from '../pay/deadline.ts';
import { registerGiveBack } from '../pay/give-back.ts';
import { registerPayRoutes } from '../pay/routes.tsx';
import { registerStaffPaymentRoutes } from '../pay/staff.tsx';
import { registerPayLinksWhenBack } from '../pay/when-back.ts';
import { registerPlaceOrderRoutes } from './routes.tsx';
import { registerSaveDetailsOffer } from './SaveDetails.tsx';
import { settleOrderPayment } from './settle.ts';

export function registerOrderPlacing(app: App, platform: Platform): void {
  onPaymentChange(settleOrderPayment);
  registerPlaceOrderRoutes(app, platform);
  registerPayRoutes(app, platform);
  registerStaffPaymentRoutes(app, platform);
  registerSaveDetailsOffer(platform);
  registerCaptureOnShip(platform);
  registerGiveBack(platform);
  registerPayLinksWhenBack(platform);
  platform.jobs.schedule(CANCEL_UNPAID_JOB, '* * * * *', async () => {
    await cancelUnpaidOrders(platform);
  });
}
