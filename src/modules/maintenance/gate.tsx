// What planned maintenance does to the storefront: the banner on every page (from the lead
// time before a window until its end), the drain (from the drain time before the start no new
// checkout starts, while one already holding its items may finish) and read-only mode during
// the window (writes it affects answer 503 with Retry-After). All writes go through one gate
// (platform/http/app.ts) that asks the route's maintenance class; a request let through runs
// to its end even if the window starts meanwhile.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app.ts';
import { Problem } from '../../platform/http/problem.ts';
import type { Platform } from '../../platform/platform.ts';
import type { SiteBanner } from '../../web/context.ts';
import { formBody } from '../../web/forms/form-body.ts';
import { sendPage } from '../../web/page-context.ts';
import { cartForRequest, checkoutHolder } from '../cart/index.ts';
import { liveReservation } from '../inventory/index.ts';
import { getStoreProfile } from '../site/index.ts';
import { SCOPE_LABELS } from './form.ts';
import { CheckoutPausedPage, ClosedForMaintenancePage, typedFields } from './pages/closed.tsx';
import { maintenanceNow, type MaintenanceNow } from './state.ts';
import { formatMoment, formatSpanWithZone, zoneName, type StoreClock } from './times.ts';

const STATUS_PATH = '/status';

/** The banner for the store's state: the same for every visitor until the phase changes, so cached pages stay right. */
export function bannerFor(state: MaintenanceNow | null, store: StoreClock): SiteBanner | null {
  if (!state) return null;
  const { window, phase } = state;
  const startsAt = window.startsAt.toISOString();
  const endsAt = window.endsAt.toISOString();
  const text = formatSpanWithZone(window.startsAt, window.endsAt, store);
  const affected = window.scope === 'site' ? 'the whole store' : 'checkout and payments';
  if (phase === 'running') {
    return {
      tone: 'warning',
      message: window.scope === 'site' ? 'Planned maintenance in progress: you can browse, but not order or send forms.' : 'Planned maintenance in progress: checkout and payments are closed; you can still browse and fill your cart.',
      detail: window.message,
      href: STATUS_PATH,
      schedule: { startsAt, endsAt, text, countdownTo: endsAt, countdownLabel: 'Back in' },
    };
  }
  return {
    tone: phase === 'drain' ? 'warning' : 'info',
    message:
      phase === 'drain'
        ? `Planned maintenance starts soon: new checkouts are paused, and ${affected} will be unavailable.`
        : `Planned maintenance: ${affected} will be unavailable.`,
    detail: window.message,
    href: STATUS_PATH,
    // Counts down to the start: in the drain that is when checkout (or the store) closes for
    // the checkouts still finishing; before it, when the work begins.
    schedule: { startsAt, endsAt, text, countdownTo: startsAt, countdownLabel: phase === 'notice' ? 'Maintenance starts in' : window.scope === 'site' ? 'The store closes in' : 'Checkout closes in' },
  };
}

/** A checkout is in progress when its cart holds its items (a live reservation). */
async function checkoutInProgress(platform: Platform, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const cartId = await cartForRequest(platform, request, reply);
  if (!cartId) return false;
  const hold = await liveReservation(platform.database.db, checkoutHolder(cartId));
  if (!hold) return false;
  return hold.status !== 'held' || !hold.expiresAt || hold.expiresAt > platform.clock.now();
}

function backAt(state: MaintenanceNow, store: StoreClock): string {
  return `${formatMoment(state.window.endsAt, store)} (${zoneName(store, state.window.endsAt)})`;
}

/** The JSON answer: problem+json with when to come back. */
function closedProblem(state: MaintenanceNow, store: StoreClock, kind: 'paused' | 'closed'): Problem {
  const { window } = state;
  return new Problem({
    status: 503,
    type: kind === 'paused' ? 'checkout-paused' : 'maintenance',
    title: kind === 'paused' ? 'Checkout is paused for planned maintenance' : 'Closed for planned maintenance',
    detail:
      kind === 'paused'
        ? `New checkouts do not start in the minutes before planned maintenance (${formatSpanWithZone(window.startsAt, window.endsAt, store)}). The cart is kept; checkout is back at ${backAt(state, store)}.`
        : `${SCOPE_LABELS[window.scope]}: closed for planned maintenance until ${backAt(state, store)}. Nothing was changed.`,
    headers: { 'retry-after': String(state.secondsToEnd) },
    extensions: { maintenance: { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString(), scope: window.scope, message: window.message, statusUrl: STATUS_PATH } },
  });
}

export function registerMaintenanceGate(app: App, platform: Platform): void {
  app.pages.provideBanner(async () => {
    const state = await maintenanceNow(platform);
    return state ? bannerFor(state, await getStoreProfile(platform)) : null;
  });

  app.setMaintenanceGate(async (request, reply, kind) => {
    const state = await maintenanceNow(platform);
    if (!state || state.phase === 'notice') return undefined;
    if (state.phase === 'drain' && (kind !== 'checkout-start' || (await checkoutInProgress(platform, request, reply)))) return undefined;
    if (state.phase === 'running' && kind === 'site' && state.window.scope !== 'site') return undefined;

    const store = await getStoreProfile(platform);
    const paused = state.phase === 'drain';
    if (!request.wantsHtml()) throw closedProblem(state, store, paused ? 'paused' : 'closed');
    reply.header('retry-after', String(state.secondsToEnd));
    const ctx = await app.pages.context(request);
    const page = paused ? (
      <CheckoutPausedPage ctx={ctx} window={state.window} store={store} />
    ) : (
      <ClosedForMaintenancePage ctx={ctx} window={state.window} store={store} action={request.url} fields={typedFields(formBody(request))} checkout={kind !== 'site'} />
    );
    return sendPage(reply, page, 503);
  });
}
