// The orders module's public face: recording an order (inside the checkout's transaction),
// the order state machine and its events, finding orders, the signed link to an order's page,
// and the extension points of the order pages. It owns the order tables; nobody else writes them.
import type { Module } from '../../platform/module.ts';
import { registerOrderRoutes } from './pages/routes.ts';

export { actorLabel, type OrderActor } from './actor.ts';
export { advanceOrder, advanceOrders } from './advance.ts';
export { countOrdersInStatus, ordersInStatus } from './by-status.ts';
export { combineEstimates, deliveryEstimate, estimateWords, promisedEstimate, registerDeliveryEstimate, type DeliveryEstimate, type EstimateRefiner, type EstimateWords } from './estimate.ts';
export {
  orderCancelled,
  orderDelivered,
  orderInPreparation,
  orderOnHold,
  orderOutForDelivery,
  orderPartiallyRefunded,
  orderPartiallyShipped,
  orderPlaced,
  orderPrepared,
  orderRefunded,
  orderReturnReceived,
  orderReturnRequested,
  orderShipped,
  orderValidated,
  ORDER_EVENTS,
  type OrderEventPayload,
} from './events.ts';
export { customerSpend, listOrders, type CustomerSpend, type OrderPage, type OrderSummary } from './list.ts';
export { linkOpensOrder, ORDER_PAGE_PREFIX, orderPagePath, orderPageUrl } from './links.ts';
export { viewerOf } from './lookup.ts';
export { InvalidOrder, type NewOrder, type NewOrderLine } from './new-order.ts';
export { normalizeOrderNumber } from './numbers.ts';
export {
  orderById,
  orderByCart,
  orderByNumber,
  orderHistory,
  unpaidOrdersPastDeadline,
  type Order,
  type OrderLine,
  type OrderTransition,
} from './read.ts';
export { variantsOrderedBy, variantsOrderedWith } from './purchases.ts';
export { recordOrder } from './record.ts';
export { registerOrderFinder, registerOrderListColumn, type OrderFinder, type OrderListColumn } from './search-hooks.ts';
export type { ActorKind, OrderAddress, OrderLinePromise, OrderShippingMethod } from './schema.ts';
export {
  registerOrderPageSection,
  registerStaffOrderSection,
  renderSections as renderOrderSections,
  type OrderSection,
  type OrderSectionContext,
  type OrderViewer,
} from './sections.ts';
export { canTransition, CUSTOMER_STEPS, FORWARD_PATH, ORDER_STATUSES, ORDER_STATUS_LABELS, ORDER_TRANSITIONS, type OrderStatus } from './states.ts';
export { orderViewsPerDay, recordOrderView, writeOrderViews, type OrderViewDay } from './views/record.ts';
export { ORDER_VIEW_KINDS, ORDER_VIEWERS, type OrderViewerKind, type OrderViewKind } from './views/schema.ts';
export { IllegalTransition, lockOrder, lockOrders, orderNotFound, setPaymentStatus, transitionOrder, transitionOrders, type LockedOrder, type TransitionBy } from './transition.ts';

export const ordersModule: Module = {
  name: 'orders',
  register(app, platform) {
    registerOrderRoutes(app, platform);
  },
};
