// When stock returns: every open request for a variant that can be ordered from stock again
// gets one email, is marked notified, and stock.back_in_stock is announced (for the
// notifications module to take the email over later). All in the event handler's
// transaction, so a retried delivery neither loses nor repeats a request.
import { and, inArray, isNull } from 'drizzle-orm';
import { renderToString } from 'preact-render-to-string';
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf } from '../availability.ts';
import { stockBackInStock } from '../events.ts';
import { backInStockRequests } from '../schema.ts';
import { variantDirectory, variantTitle, type VariantLabel } from '../variant-directory.ts';
import { isBackInStock } from './requests.ts';

export async function notifyBackInStock(platform: Platform, event: DomainEvent<{ variantIds: string[] }>, tx: Db): Promise<void> {
  // Locked, so two stock changes handled at once cannot both answer the same request.
  const open = await tx
    .select()
    .from(backInStockRequests)
    .where(and(inArray(backInStockRequests.variantId, event.payload.variantIds), isNull(backInStockRequests.notifiedAt)))
    .orderBy(backInStockRequests.createdAt)
    .for('update');
  if (open.length === 0) return;
  const variantIds = [...new Set(open.map((r) => r.variantId))];
  const availability = await availabilityOf(tx, variantIds);
  const back = variantIds.filter((id) => isBackInStock(availability.get(id)));
  if (back.length === 0) return;
  const labels = await variantDirectory().byIds(tx, back);
  const now = platform.clock.now();
  for (const variantId of back) {
    const label = labels.get(variantId);
    // A variant deleted from the catalogue has no page to send anyone to.
    if (!label) continue;
    const requests = open.filter((r) => r.variantId === variantId);
    for (const request of requests) await platform.mailer.send(backInStockMail(platform, label, request), tx);
    const requestIds = requests.map((r) => r.id);
    await tx.update(backInStockRequests).set({ notifiedAt: now }).where(inArray(backInStockRequests.id, requestIds));
    await platform.events.publish(tx, stockBackInStock, { variantId, requestIds }, 'system');
  }
}

function backInStockMail(platform: Platform, label: VariantLabel, request: { id: string; email: string }) {
  const { baseUrl } = platform.config;
  const title = variantTitle(label);
  const link = new URL(`/products/${encodeURIComponent(label.productHandle)}?variant=${label.id}`, baseUrl).href;
  return {
    to: request.email,
    subject: `Back in stock: ${title}`,
    // One message per request: a redelivered event finds the same Message-ID.
    messageId: `<back-in-stock.${request.id}@${new URL(baseUrl).hostname}>`,
    text: [
      'Hello,',
      '',
      `Good news: ${title} is back in stock. You asked us to tell you, so here it is:`,
      link,
      '',
      'This is the only email about it. Stock can go quickly, so it may sell out again.',
      '',
      '— Doorstep',
    ].join('\n'),
    html: renderToString(<BackInStockEmail title={title} link={link} />),
  };
}

/** The HTML part; the renderer escapes the title and link. */
function BackInStockEmail({ title, link }: { title: string; link: string }) {
  return (
    <div>
      <p>Hello,</p>
      <p>
        Good news: <strong>{title}</strong> is back in stock. You asked us to tell you, so here it is:
      </p>
      <p>
        <a href={link}>See {title}</a>
      </p>
      <p>This is the only email about it. Stock can go quickly, so it may sell out again.</p>
      <p>— Doorstep</p>
    </div>
  );
}
