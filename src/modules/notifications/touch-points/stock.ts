// The back-in-stock touch point: the customer asked to hear when an item returns, so the email
// is theirs (transactional), one per request. Inventory answers the requests and announces
// them; this writes the email. It does not sell: the item they asked for is the whole point.
import { formatMoney } from '../../../platform/money.ts';
import { variantsByIds, type VariantSummary } from '../../catalog/index.ts';
import { lastAnsweredStockAlert, stockAlertsByIds, stockBackInStock } from '../../inventory/index.ts';
import { getStoreProfile } from '../../site/index.ts';
import { defineTouchPoint, type TouchPoint } from './define.ts';

/** "Wool scarf — M", or the product title alone for a product without options. */
function itemTitle(variant: VariantSummary): string {
  const options = variant.options.filter((option) => option && option !== 'Default Title');
  return options.length ? `${variant.productTitle} — ${options.join(' / ')}` : variant.productTitle;
}

export const backInStock = defineTouchPoint({
  key: 'stock.back-in-stock',
  group: 'Stock',
  title: 'Back in stock',
  when: 'When an item someone asked to hear about can be ordered again: one email per request.',
  event: stockBackInStock,
  kind: 'transactional',
  sells: false,
  defaults: {
    subject: 'Back in stock: {{item.title}}',
    intro: 'Good news: {{item.title}} is back in stock. You asked us to tell you, so here it is.',
  },
  placeholders: { 'item.title': 'The item that is back, e.g. Wool scarf — M' },
  async letters(platform, tx, event) {
    const alerts = await stockAlertsByIds(tx, event.payload.requestIds);
    const variants = await variantsByIds(tx, [event.payload.variantId]);
    const profile = await getStoreProfile(platform, tx);
    const variant = variants.get(event.payload.variantId);
    // A variant deleted from the catalogue has no page to send anyone to.
    if (!variant) return [];
    const title = itemTitle(variant);
    const url = new URL(`/products/${encodeURIComponent(variant.productHandle)}?variant=${variant.id}`, platform.config.baseUrl).href;
    const price = formatMoney({ amount: variant.priceMinor, currency: profile.currency }, profile.locale);
    return alerts.map((alert) => ({
      to: alert.email,
      about: `back-in-stock:${alert.id}`,
      values: { 'item.title': title },
      blocks: [
        { kind: 'items', items: [{ title, amount: price, url }] },
        { kind: 'button', label: `See ${title}`, url },
        { kind: 'paragraph', text: 'We have not set one aside for you, and stock can go quickly, so it may sell out again. This is the only email about it.' },
      ],
      variantIds: [variant.id],
    }));
  },
  async preview(db) {
    const alert = await lastAnsweredStockAlert(db);
    return alert ? { variantId: alert.variantId, requestIds: [alert.id] } : null;
  },
});

export const STOCK_TOUCH_POINTS = [backInStock] as TouchPoint[];
