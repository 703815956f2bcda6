// The checkout module's public face. Starting checkout holds the cart's items (through
// inventory); the checkout form saves what the shopper types as a draft bound to the cart
// and works out methods, dates, tax and totals from the database; placing the order builds
// on it.
import type { Module } from '../../platform/module.ts';
import { registerCheckoutDraftRoutes } from './api/draft-routes.ts';
import { registerCheckoutApiRoutes } from './api/routes.ts';
import { deleteStaleDrafts } from './draft/drafts.ts';
import { registerCheckoutPageRoutes } from './pages/routes.tsx';
import { registerOrderPlacing } from './place/register.ts';

export { recentDraftEmails } from './draft/drafts.ts';
export { orderPaymentLinkSent, type PayLinkPayload } from './events.ts';
export { UNPAID_REASON } from './pay/deadline.ts';

const DELETE_STALE_DRAFTS_JOB = 'checkout.delete-stale-drafts';
/** Every night at 03:41 (store time), off the minutes other nightly jobs pick. */
const DELETE_STALE_DRAFTS_CRON = '41 3 * * *';
/** An address typed at checkout is kept this long after the shopper last touched it. */
const DRAFT_RETENTION_DAYS = 30;

export const checkoutModule: Module = {
  name: 'checkout',
  register(app, platform) {
    platform.jobs.schedule(DELETE_STALE_DRAFTS_JOB, DELETE_STALE_DRAFTS_CRON, async () => {
      const deleted = await deleteStaleDrafts(platform.database.db, platform.clock.now(), DRAFT_RETENTION_DAYS);
      if (deleted) platform.log.info({ deleted }, 'stale checkout drafts deleted');
    });
    registerCheckoutApiRoutes(app, platform);
    registerCheckoutDraftRoutes(app, platform);
    registerCheckoutPageRoutes(app, platform);
    registerOrderPlacing(app, platform);
  },
};
