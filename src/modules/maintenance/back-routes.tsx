// "Email me when it's back" (POST /maintenance/back), offered where maintenance turned a
// shopper away from checkout. It keeps working during the window itself: it writes only this
// module's own table.
import { Type } from 'typebox';
import type { App } from '../../platform/http/app.ts';
import type { Platform } from '../../platform/platform.ts';
import { formBody, text } from '../../web/forms/form-body.ts';
import { sendPage } from '../../web/page-context.ts';
import { emailProblem, POST_RATE_LIMIT } from '../customers/index.ts';
import { getStoreProfile } from '../site/index.ts';
import { requestBackEmail, TELL_BACK_CRON, TELL_BACK_JOB, tellShoppersBack } from './back.ts';
import { BACK_EMAIL_PATH, BackEmailSavedPage, CheckoutPausedPage } from './pages/closed.tsx';
import { windowById } from './windows.ts';

const BackForm = Type.Object({ windowId: Type.String({ format: 'uuid' }), email: Type.String({ maxLength: 300 }) }, { additionalProperties: true });

export function registerBackEmail(app: App, platform: Platform): void {
  platform.jobs.schedule(TELL_BACK_JOB, TELL_BACK_CRON, async () => {
    const told = await tellShoppersBack(platform);
    if (told) platform.log.info({ told }, 'shoppers told the store is back');
  });

  app.post(BACK_EMAIL_PATH, { config: { access: 'public', maintenance: 'exempt', rateLimit: POST_RATE_LIMIT }, schema: { body: BackForm } }, async (request, reply) => {
    const body = formBody(request);
    const window = await windowById(platform.database.db, text(body, 'windowId'));
    // Over or called off meanwhile: checkout is open again, nothing to wait for.
    if (!window || window.cancelledAt || window.endsAt <= platform.clock.now()) return reply.redirect('/cart', 303);
    const email = text(body, 'email').trim();
    const [store, ctx] = await Promise.all([getStoreProfile(platform), app.pages.context(request)]);
    const problem = emailProblem(email);
    if (problem) return sendPage(reply, <CheckoutPausedPage ctx={ctx} window={window} store={store} email={email.slice(0, 254)} error={problem} />, 400);
    await platform.database.transaction((tx) => requestBackEmail(platform, tx, window.id, email));
    return sendPage(reply, <BackEmailSavedPage ctx={ctx} window={window} store={store} email={email} />);
  });
}
