// The two emails paying for an order needs now: the pay link (asked for by the buyer or sent
// by an agent) and the notice that an unpaid order was cancelled at its deadline. Each is sent
// from its event's handler, inside the outbox transaction, with a Message-ID derived from the
// event so a redelivered event never sends it twice. (The full set of touch points, with the
// merchant's templates, belongs to the notifications module.)
import { renderToString } from 'preact-render-to-string';
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import { formatMoney } from '../../../platform/money.ts';
import type { Platform } from '../../../platform/platform.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { orderById, orderPageUrl, type Order } from '../../orders/index.ts';
import { getStoreProfile } from '../../site/index.ts';

function messageId(platform: Platform, eventId: string, what: string): string {
  return `<${what}.${eventId}@${new URL(platform.config.baseUrl).hostname}>`;
}

async function facts(platform: Platform, order: Order) {
  const profile = await getStoreProfile(platform);
  return {
    store: profile.name,
    amount: formatMoney({ amount: order.total, currency: order.currency }, profile.locale),
    deadline: formatDateTime(order.paymentDeadline, profile.locale, profile.timeZone),
    link: orderPageUrl(platform, order),
  };
}

export async function sendPayLinkEmail(platform: Platform, event: DomainEvent<{ orderId: string }>, tx: Db): Promise<void> {
  const order = await orderById(tx, event.payload.orderId);
  // Paid or cancelled meanwhile: a link to pay would only confuse.
  if (!order || order.status !== 'placed') return;
  const { store, amount, deadline, link } = await facts(platform, order);
  const subject = `Pay for your order ${order.number}`;
  await platform.mailer.send(
    {
      to: order.email,
      subject,
      messageId: messageId(platform, event.id, 'pay-link'),
      text: [
        'Hello,',
        '',
        `Your order ${order.number} (${amount}) is recorded and your items are held for you until ${deadline}.`,
        'To pay, open this link:',
        link,
        '',
        'You type your card details on our payment provider’s secure page. If you would rather finish with a person, reply to this email.',
        '',
        `— ${store}`,
      ].join('\n'),
      html: renderToString(
        <div>
          <p>Hello,</p>
          <p>
            Your order <strong>{order.number}</strong> ({amount}) is recorded and your items are held for you until {deadline}.
          </p>
          <p>
            <a href={link}>Pay for order {order.number}</a>
          </p>
          <p>You type your card details on our payment provider’s secure page. If you would rather finish with a person, reply to this email.</p>
          <p>— {store}</p>
        </div>,
      ),
    },
    tx,
  );
}

/** Only for an order cancelled for `reason` (its payment deadline): other cancellations have their own words. */
export async function sendUnpaidCancelledEmail(platform: Platform, event: DomainEvent<{ orderId: string }>, tx: Db, reason: string): Promise<void> {
  const order = await orderById(tx, event.payload.orderId);
  if (!order || order.cancelledReason !== reason) return;
  const { store, amount, link } = await facts(platform, order);
  await platform.mailer.send(
    {
      to: order.email,
      subject: `Your order ${order.number} was cancelled: it was not paid`,
      messageId: messageId(platform, event.id, 'unpaid-cancelled'),
      text: [
        'Hello,',
        '',
        `We held your order ${order.number} (${amount}) and its items for you, but it was not paid in time, so we have cancelled it and released the items. Nothing was charged.`,
        'If you still want them, you are welcome to order again; if something went wrong while paying, reply to this email and we will help.',
        '',
        `The order: ${link}`,
        '',
        `— ${store}`,
      ].join('\n'),
      html: renderToString(
        <div>
          <p>Hello,</p>
          <p>
            We held your order <strong>{order.number}</strong> ({amount}) and its items for you, but it was not paid in time, so we have cancelled it and released the items. Nothing was charged.
          </p>
          <p>If you still want them, you are welcome to order again; if something went wrong while paying, reply to this email and we will help.</p>
          <p>
            <a href={link}>See the order</a>
          </p>
          <p>— {store}</p>
        </div>,
      ),
    },
    tx,
  );
}
