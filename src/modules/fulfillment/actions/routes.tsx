// The staff order actions: the "Order actions" section on /admin/orders/:number and its POST
// routes under /admin/orders/:number/actions/…. Each route checks the permission, then the
// service checks the order's status again with the order locked; the answer is a redirect back
// to the order page, where the section says what was done. Refusals are problems: a page that
// says why (and what to do instead) for a browser, problem+json for an API client.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../../../platform/db/database.ts';
import type { App } from '../../../platform/http/app.ts';
import type { Principal, StaffRole } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { formatMoney, parseMinorUnits } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { actorLabel, orderByNumber, orderHistory, ORDER_STATUS_LABELS, ORDER_STATUSES, registerStaffOrderSection, type Order, type OrderStatus, type OrderTransition } from '../../orders/index.ts';
import { paymentOf } from '../../payments/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { can, requirePermission, staffPrincipal } from '../../staff/index.ts';
import { shipmentsOfOrder } from '../shipments/read.ts';
import { hasLeft } from '../states.ts';
import { ACTIONS_ANCHOR, ActionsSection, type SectionNotice } from './ActionsSection.tsx';
import { cancelOrder } from './cancel.ts';
import { holdOrder, receiveReturn, releaseOrder, requestReturn } from './moves.ts';
import { nextRefundSeq, refundableOf, refundOrder, refundsOf, type OrderRefund } from './refund.ts';
import { ACTION_PERMISSIONS, actionAllowed, ORDER_ACTIONS, roleMay, staffActor, type OrderAction, type OrderFacts } from './rules.ts';

const STAFF = ['agent', 'lead', 'admin'] as const;
const NumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
// Loose on purpose: a missing or long reason is explained by the service in words, not a bare 400.
const Field = Type.Optional(Type.String({ maxLength: 2000 }));
const ActionBody = Type.Object({ _csrf: Field, from: Field, reason: Field });
const RefundBody = Type.Object({ _csrf: Field, from: Field, reason: Field, amount: Type.String({ maxLength: 40 }), seq: Type.String({ pattern: '^[0-9]{1,6}$' }) });
type ActionForm = { from?: string; reason?: string };

/** How long after an action the section still says it was done (the answer to the redirect). */
const NOTICE_MS = 2 * 60_000;

type Staff = Extract<Principal, { kind: 'staff' }>;

async function factsOf(db: Db, order: Order): Promise<OrderFacts & { captured: number; refunded: number }> {
  const [parcels, payment] = await Promise.all([shipmentsOfOrder(db, order.id), paymentOf(db, order.id)]);
  return {
    status: order.status,
    heldFrom: order.heldFrom,
    parcelLeft: parcels.some((parcel) => hasLeft(parcel.status)),
    refundable: refundableOf(payment),
    captured: payment?.capturedAmount ?? 0,
    refunded: payment?.refundedAmount ?? 0,
  };
}

/** What the viewer's own latest action on the order was, if they took it a moment ago. */
function noticeOf(history: readonly OrderTransition[], refunds: readonly OrderRefund[], me: string, now: Date, money: (amount: number) => string): SectionNotice | null {
  const recent = (at: Date) => now.getTime() - at.getTime() <= NOTICE_MS;
  const step = [...history].reverse().find((t) => t.actorId !== null && me.endsWith(`:${t.actorId}`));
  const refund = refunds.find((r) => r.requestedBy === me);
  const stepAt = step && recent(step.at) ? step.at.getTime() : -Infinity;
  const refundAt = refund && recent(refund.settledAt ?? refund.requestedAt) ? (refund.settledAt ?? refund.requestedAt).getTime() : -Infinity;
  if (refund && refundAt >= stepAt && refundAt > -Infinity) {
    if (refund.state === 'done') return { tone: 'success', text: `Refunded ${money(refund.amount)}.` };
    if (refund.state === 'failed') return { tone: 'warning', text: `The refund of ${money(refund.amount)} did not go through: ${refund.error ?? 'the payment service refused it'}` };
    return null;
  }
  if (!step || stepAt === -Infinity) return null;
  if (step.from === 'on_hold' && step.to !== 'cancelled') return { tone: 'success', text: `Released: the order is ${ORDER_STATUS_LABELS[step.to].toLowerCase()} again.` };
  const said: Partial<Record<OrderStatus, string>> = {
    on_hold: 'The order is on hold: nothing is picked or packed until it is released.',
    cancelled: 'The order is cancelled and its stock is back on sale. A payment taken is given back in a few moments.',
    return_requested: 'The return request is recorded. Once it arrives, mark it received and refund it here.',
    return_received: 'The return is received: refund the customer below.',
  };
  const text = said[step.to];
  return text ? { tone: 'success', text } : null;
}

export function registerOrderActionRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  registerStaffOrderSection(platform, async ({ order, viewer, csrfToken }) => {
    if (viewer.kind !== 'staff') return null;
    const role: StaffRole = viewer.role;
    if (!ORDER_ACTIONS.some((action) => roleMay(role, action))) return null;
    const [facts, refunds, history, profile, seq] = await Promise.all([factsOf(db(), order), refundsOf(db(), order.id), orderHistory(db(), order.id), getStoreProfile(platform), nextRefundSeq(db(), order.id)]);
    const actions = new Set(ORDER_ACTIONS.filter((action) => roleMay(role, action) && actionAllowed(action, facts)));
    const me = actorLabel(staffActor({ id: viewer.staffId, role }));
    const people = new Map<string, string>([[me, 'you']]);
    await Promise.all(
      [...new Set(refunds.map((r) => r.requestedBy))]
        .filter((label) => label !== me)
        .map(async (label) => {
          const person = await staffPrincipal(db(), label.slice(label.indexOf(':') + 1));
          if (person) people.set(label, person.name);
        }),
    );
    const money = (amount: number) => formatMoney({ amount, currency: order.currency }, profile.locale);
    return (
      <ActionsSection
        order={order}
        actions={actions}
        parcelLeft={facts.parcelLeft}
        mayRefund={roleMay(role, 'refund')}
        captured={facts.captured}
        refunded={facts.refunded}
        refunds={refunds}
        nextRefundSeq={seq}
        people={people}
        notice={noticeOf(history, refunds, me, platform.clock.now(), money)}
        csrfToken={csrfToken}
        locale={profile.locale}
        timeZone={profile.timeZone}
      />
    );
  });

  /** The signed-in staff member, if they may take the action, and the order. */
  async function staffFor(request: FastifyRequest, numberParam: string, action: OrderAction): Promise<{ staff: Staff; order: Order }> {
    const principal = await request.principal();
    const permissions = ACTION_PERMISSIONS[action];
    if (!permissions.some((permission) => can(principal, permission))) requirePermission(principal, permissions[0]!);
    if (principal?.kind !== 'staff') throw new Problem({ status: 403, type: 'forbidden', title: 'Only staff take order actions' });
    const order = await orderByNumber(db(), numberParam);
    if (!order) throw new Problem({ status: 404, type: 'order-not-found', title: 'We could not find that order' });
    return { staff: principal, order };
  }

  const seenOf = (form: ActionForm): OrderStatus | undefined => (ORDER_STATUSES as readonly string[]).includes(form.from ?? '') ? (form.from as OrderStatus) : undefined;
  const back = (order: Order) => `/admin/orders/${order.number}#${ACTIONS_ANCHOR}`;
  const config = { access: STAFF };

  type Move = (platform: Platform, tx: Db, orderId: string, reason: string, by: ReturnType<typeof staffActor>, seen?: OrderStatus) => Promise<unknown>;
  const moves: [OrderAction, Move][] = [
    ['hold', holdOrder],
    ['release', releaseOrder],
    ['cancel', cancelOrder],
    ['return-requested', requestReturn],
    ['return-received', receiveReturn],
  ];
  for (const [action, move] of moves) {
    app.post<{ Params: { number: string }; Body: ActionForm }>(`/admin/orders/:number/actions/${action}`, { config, schema: { params: NumberParams, body: ActionBody } }, async (request, reply) => {
      const { staff, order } = await staffFor(request, request.params.number, action);
      await platform.database.transaction((tx) => move(platform, tx, order.id, request.body.reason ?? '', staffActor(staff), seenOf(request.body)));
      return reply.redirect(back(order), 303);
    });
  }

  app.post<{ Params: { number: string }; Body: ActionForm & { amount: string; seq: string } }>(
    '/admin/orders/:number/actions/refund',
    { config, schema: { params: NumberParams, body: RefundBody } },
    async (request, reply) => {
      const { staff, order } = await staffFor(request, request.params.number, 'refund');
      const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: order.currency }).resolvedOptions().maximumFractionDigits ?? 2;
      const amount = parseMinorUnits(request.body.amount.replace(/[\s$€£]/g, ''), digits);
      if (amount === null) {
        throw new Problem({
          status: 400,
          type: 'invalid-refund-amount',
          title: 'Type the amount to refund as a number',
          detail: `For example 12.50 (${order.currency}, at most ${digits} decimals), not “${request.body.amount.slice(0, 40)}”. Nothing was refunded.`,
        });
      }
      const seen = seenOf(request.body);
      await refundOrder(platform, { orderId: order.id, amount, reason: request.body.reason ?? '', seq: Number(request.body.seq), ...(seen ? { seen } : {}) }, staffActor(staff));
      return reply.redirect(back(order), 303);
    },
  );
}
