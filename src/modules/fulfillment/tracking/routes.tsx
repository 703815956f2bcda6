// The routes of order tracking: the redirect a customer's tracking-number link goes through
// (so the click is counted for the where-is-my-order measure before the carrier's page opens)
// and the where-is-my-order report for staff.
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { addDays, localDateOf } from '../../../platform/calendar.ts';
import type { App } from '../../../platform/http/app.ts';
import type { StaffRole } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { sendPage } from '../../../web/page-context.ts';
import { orderByNumber, orderPagePath, orderViewsPerDay, recordOrderView, viewerOf, type Order, type OrderViewer } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { adminNav, requirePermission } from '../../staff/index.ts';
import { countTicketsTaggedPerDay, WHERE_IS_MY_ORDER_TAG } from '../../support/index.ts';
import { isCarrierCode, trackingUrl } from '../carriers/numbers/index.ts';
import { shipments } from '../schema.ts';
import { WISMO_DAYS, WISMO_PATH, WismoPage, type WismoDay } from './WismoPage.tsx';

const STAFF_ROLES: readonly StaffRole[] = ['agent', 'lead', 'admin'];

/** Where a parcel's tracking link points on the customer's page: our redirect, with the signed link for guests. */
export function trackPath(platform: Platform, order: Pick<Order, 'id' | 'number'>, seq: number, viewer: OrderViewer): string {
  const path = `/orders/${order.number}/parcels/${seq}/track`;
  if (viewer.kind !== 'link') return path;
  // A guest's link carries a fresh order link of the same order: what they already hold.
  const token = new URL(orderPagePath(platform, order), platform.config.baseUrl).searchParams.get('t') ?? '';
  return `${path}?t=${encodeURIComponent(token)}`;
}

const TrackParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }), seq: Type.Integer({ minimum: 1, maximum: 1000 }) });
const TokenQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 4096 })) });

/** The same answer as the order page gives a stranger: nothing says whether the order or parcel exists. */
const notFound = () =>
  new Problem({ status: 404, type: 'not-found', title: 'We could not find that order', detail: 'The link may be incomplete or out of date. Find your order with its number and your email address at /orders/lookup.' });

export function registerTrackingRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  // Recording the click is the measure, not a change anyone sees: the GET stays safe to repeat.
  app.get<{ Params: { number: string; seq: number }; Querystring: { t?: string } }>(
    '/orders/:number/parcels/:seq/track',
    { config: { access: 'public' }, schema: { params: TrackParams, querystring: TokenQuery } },
    async (request, reply) => {
      // The signed link is in this URL: it must not reach the carrier in a Referer header.
      reply.header('referrer-policy', 'no-referrer');
      const order = await orderByNumber(db(), request.params.number);
      const viewer = order ? await viewerOf(platform, request, order, request.query.t) : null;
      if (!order || !viewer) throw notFound();
      const [parcel] = await db()
        .select({ carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, trackingUrl: shipments.trackingUrl })
        .from(shipments)
        .where(and(eq(shipments.orderId, order.id), eq(shipments.seq, request.params.seq)));
      const target = parcel ? (parcel.trackingUrl ?? (isCarrierCode(parcel.carrier) ? trackingUrl(parcel.carrier, parcel.trackingNumber) : null)) : null;
      if (!target) throw notFound();
      recordOrderView(platform, order.id, 'tracking_click', viewer);
      reply.header('cache-control', 'no-store');
      return reply.redirect(target, 302);
    },
  );

  app.get(WISMO_PATH, { config: { access: STAFF_ROLES } }, async (request: FastifyRequest, reply) => {
    const principal = await request.principal();
    requirePermission(principal, 'orders.view');
    const profile = await getStoreProfile(platform);
    const days = await wismoDays(platform, profile.timeZone);
    return sendPage(reply, <WismoPage ctx={await app.pages.context(request)} nav={adminNav(principal, WISMO_PATH)} days={days} locale={profile.locale} />);
  });
}

/** The last WISMO_DAYS local days, today included, oldest first, with every figure (zero on a quiet day). */
export async function wismoDays(platform: Platform, timeZone: string): Promise<WismoDay[]> {
  const now = platform.clock.now();
  const today = localDateOf(now, timeZone);
  const first = addDays(today, -(WISMO_DAYS - 1));
  // A day more than needed whatever the offset; days before the first are dropped below.
  const since = new Date(now.getTime() - (WISMO_DAYS + 1) * 24 * 60 * 60 * 1000);
  const db = platform.database.db;
  const [views, tickets] = await Promise.all([orderViewsPerDay(platform, since, timeZone), countTicketsTaggedPerDay(db, WHERE_IS_MY_ORDER_TAG, since, timeZone)]);
  const viewsOn = new Map(views.map((v) => [v.day, v]));
  const ticketsOn = new Map(tickets.map((t) => [t.day, t.tickets]));
  const days: WismoDay[] = [];
  for (let day = first; day <= today; day = addDays(day, 1)) {
    const seen = viewsOn.get(day);
    days.push({ day, customerViews: seen?.customerViews ?? 0, trackingClicks: seen?.trackingClicks ?? 0, staffViews: seen?.staffViews ?? 0, tickets: ticketsOn.get(day) ?? 0 });
  }
  return days;
}
