// Turns a cart view into its JSON form, with every amount formatted in the store's currency.
import { formatMoney } from '../../../platform/money.ts';
import { deliveryPromiseJson } from '../../inventory/index.ts';
import type { StoreProfile } from '../../site/index.ts';
import type { PromisedCart } from '../line-promises.ts';
import type { CartJson } from './schemas.ts';

export function presentCart(cart: PromisedCart, profile: Pick<StoreProfile, 'currency' | 'locale'>): CartJson {
  const money = (amount: number) => ({ amount, currency: profile.currency, formatted: formatMoney({ amount, currency: profile.currency }, profile.locale) });
  return {
    id: cart.id,
    itemCount: cart.itemCount,
    subtotal: money(cart.subtotalMinor),
    readyForCheckout: cart.readyForCheckout,
    lines: cart.lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      quantity: line.quantity,
      title: line.product?.title ?? '',
      url: line.product ? `/products/${line.product.handle}` : null,
      options: line.options,
      sku: line.sku,
      image: line.image,
      unitPrice: money(line.unitPriceMinor),
      currentPrice: line.currentPriceMinor === null ? null : money(line.currentPriceMinor),
      priceChanged: line.priceChanged,
      lineTotal: money(line.lineTotalMinor),
      available: line.available,
      availability: line.availability && { state: line.availability.state, label: line.availability.text, maxOrderable: line.availability.maxOrderable },
      promise: line.promise && deliveryPromiseJson(line.promise),
      alternatives: line.alternatives.map((alternative) => ({ quantity: alternative.quantity, promise: deliveryPromiseJson(alternative.promise) })),
      issues: line.issues,
    })),
  };
}
