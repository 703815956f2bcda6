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

interface OrderEmail {
  /** Names the message (with the event id, its Message-ID): "pay-link", "unpaid-cancelled". */
  kind: string;
  subject: string;
  /** Paragraphs before and after the order link, the same in the text and HTML parts. */
  before: string[];
  linkText: string;
  after: string[];
}

/** One email about an order, its plain-text and HTML parts written from the same paragraphs. */
async function sendOrderEmail(platform: Platform, tx: Db, eventId: string, order: Order, email: OrderEmail): Promise<void> {
  const { name } = await getStoreProfile(platform);
  const link = orderPageUrl(platform, order);
  await platform.mailer.send(
    {
      to: order.email,
      subject: email.subject,
      messageId: `<${email.kind}.${eventId}@${new URL(platform.config.baseUrl).hostname}>`,
      text: ['Hello,', ...email.before, `${email.linkText}: ${link}`, ...email.after, `— ${name}`].join('\n\n'),
      html: renderToString(
        <div>
          <p>Hello,</p>
          {email.before.map((text) => (
            <p>{text}</p>
          ))}
          <p>
            <a href={link}>{email.linkText}</a>
          </p>
          {email.after.map((text) => (
            <p>{text}</p>
          ))}
          <p>— {name}</p>
        </div>,
      ),
    },
    tx,
  );
}

async function figures(platform: Platform, order: Order) {
  const profile = await getStoreProfile(platform);
  return {
    amount: formatMoney({ amount: order.total, currency: order.currency }, profile.locale),
    deadline: formatDateTime(order.paymentDeadline, profile.locale, profile.timeZone),
  };
}

export async function sendPayLinkEmail(platform: Platform, event: DomainEvent<{ orderId: string }>, tx: Db): Promise<void> {
  const order = await orderById(tx, event.payload.orderId);
  // Paid or cancelled meanwhile: a link to pay would only confuse.
  if (!order || order.status !== 'placed') return;
  const { amount, deadline } = await figures(platform, order);
  await sendOrderEmail(platform, tx, event.id, order, {
    kind: 'pay-link',
    subject: `Pay for your order ${order.number}`,
    before: [`Your order ${order.number} (${amount}) is recorded and your items are held for you until ${deadline}.`],
    linkText: `Pay for order ${order.number}`,
    after: ['You type your card details on our payment provider’s secure page. If you would rather finish with a person, reply to this email.'],
  });
}

/** Only for an order cancelled for `reason` (its payment deadline): other cancellations have their own words. */
export async function sendUnpaidCancelledEmail(platform: Platform, event: DomainEvent<{ orderId: string }>, tx: Db, reason: string): Promise<void> {
  const order = await orderById(tx, event.payload.orderId);
  if (!order || order.cancelledReason !== reason) return;
  const { amount } = await figures(platform, order);
  await sendOrderEmail(platform, tx, event.id, order, {
    kind: 'unpaid-cancelled',
    subject: `Your order ${order.number} was cancelled: it was not paid`,
    before: [
      `We held your order ${order.number} (${amount}) and its items for you, but it was not paid in time, so we have cancelled it and released the items. Nothing was charged.`,
      'If you still want them, you are welcome to order again; if something went wrong while paying, reply to this email and we will help.',
    ],
    linkText: 'See the order',
    after: [],
  });
}
