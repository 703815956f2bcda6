// How the stock pages name availability states and selling policies.
import type { AvailabilityState } from '../../availability.ts';
import type { MovementKind, StockPolicy } from '../../schema.ts';

/** The words, and the badge colour (each badge also has its dot, so colour is never alone). */
export const STATE_LABELS: Record<AvailabilityState, { label: string; badge: 'in-stock' | 'backorder' | 'out-of-stock' }> = {
  in_stock: { label: 'In stock', badge: 'in-stock' },
  low_stock: { label: 'Low stock', badge: 'backorder' },
  backorder: { label: 'Backorder', badge: 'backorder' },
  preorder: { label: 'Pre-order', badge: 'backorder' },
  made_to_order: { label: 'Made to order', badge: 'backorder' },
  out_of_stock: { label: 'Sold out', badge: 'out-of-stock' },
};

export const POLICY_LABELS: Record<StockPolicy, string> = {
  deny: 'Sell only what is in stock',
  backorder: 'Allow backorders',
  preorder: 'Pre-order',
  made_to_order: 'Made to order',
};

export const MOVEMENT_LABELS: Record<MovementKind, string> = {
  receipt: 'Receipt',
  sale: 'Sale',
  reservation: 'Reservation',
  release: 'Release',
  adjustment: 'Adjustment',
  return: 'Return',
  transfer: 'Transfer',
};
