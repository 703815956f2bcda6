// Which staff actions an order allows, as data: the order's status (through the orders state
// table), whether a parcel has left, and the permission each action needs. The page shows only
// these, and every route checks the same answer again, so a button never offers what the
// route would refuse.
import type { StaffRole } from '../../../platform/http/principal.ts';
import { canTransition, type OrderActor, type OrderStatus } from '../../orders/index.ts';
import { permissionsOf, type Permission } from '../../staff/index.ts';

export const ORDER_ACTIONS = ['hold', 'release', 'cancel', 'return-requested', 'return-received', 'refund'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Any one of these permissions lets a staff member take the action. */
export const ACTION_PERMISSIONS: Readonly<Record<OrderAction, readonly Permission[]>> = {
  hold: ['orders.fulfill', 'orders.cancel'],
  release: ['orders.fulfill', 'orders.cancel'],
  cancel: ['orders.cancel'],
  'return-requested': ['orders.refund'],
  'return-received': ['orders.refund'],
  refund: ['orders.refund'],
};

/** Statuses money can be given back from (the state table allows partly refunded or refunded from them). */
export const REFUNDABLE: ReadonlySet<OrderStatus> = new Set(['delivered', 'return_received', 'partially_refunded']);

export interface OrderFacts {
  status: OrderStatus;
  /** The status an order on hold goes back to. */
  heldFrom: OrderStatus | null;
  /** A parcel of it has been handed to the carrier (or gone further). */
  parcelLeft: boolean;
  /** Captured money not yet given back, in minor units. */
  refundable: number;
}

/** Whether the order's state allows the action, whoever asks. */
export function actionAllowed(action: OrderAction, facts: OrderFacts): boolean {
  switch (action) {
    case 'hold':
      return !facts.parcelLeft && canTransition(facts.status, 'on_hold');
    case 'release':
      return facts.status === 'on_hold' && facts.heldFrom !== null;
    case 'cancel':
      return !facts.parcelLeft && canTransition(facts.status, 'cancelled');
    case 'return-requested':
      return facts.status === 'delivered' || facts.status === 'partially_refunded';
    case 'return-received':
      return facts.status === 'return_requested';
    case 'refund':
      return REFUNDABLE.has(facts.status) && facts.refundable > 0;
  }
}

export function roleMay(role: StaffRole, action: OrderAction): boolean {
  const granted = permissionsOf(role);
  return ACTION_PERMISSIONS[action].some((permission) => granted.includes(permission));
}

/** How the order history names a staff member: agents as agents, leads and admins as the merchant. */
export function staffActor(staff: { id: string; role: StaffRole }): OrderActor {
  return { kind: staff.role === 'agent' ? 'agent' : 'merchant', id: staff.id };
}
