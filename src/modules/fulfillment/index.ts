// The fulfillment module's public face: an order's parcels (packing, moving them forward as
// the warehouse and the carriers report, keeping the order in step), tracking numbers of the
// carriers we ship with, and the events of each parcel. It owns the shipment tables; an
// order's status stays the orders module's, moved through its interface.
import type { Module } from '../../platform/module.ts';
import { registerOrderActions } from './actions/register.ts';
import { registerCarriers } from './carriers/register.ts';
import { registerFulfillmentConsole } from './console/register.ts';
import { registerDelayChecks } from './delays/register.ts';
import { registerTrackingSections } from './tracking/register.ts';

export type { CarrierAdapter, CarrierEvent } from './carriers/adapter.ts';
export { carrierAdapter, carrierAdapters } from './carriers/adapters.ts';
export { ingestCarrierEvents, type IngestResult } from './carriers/ingest.ts';
export { advanceParcel, type AdvanceTarget } from './carriers/simulator/advance.ts';
export { deliverDueCarrierEvents, type DeliveryRun } from './carriers/simulator/deliver.ts';
export { carrierSimulatorKey, carrierWebhookSecret, SIGNATURE_HEADER as CARRIER_SIGNATURE_HEADER, signCarrierPayload, WebhookRejected as CarrierWebhookRejected } from './carriers/wire.ts';
export { CARRIER_CODES, CARRIERS, checkTrackingNumber, isCarrierCode, recognizeTrackingNumber, trackingUrl, type CarrierCode } from './carriers/numbers/index.ts';
export { deliveryDelayed, type DeliveryDelayedPayload } from './delays/events.ts';
export { DELAY_KIND_LABELS, DELAY_KINDS, type DelayKind } from './delays/kinds.ts';
export { delaysOfOrder, type OrderDelay } from './delays/read.ts';
export { SHIPMENT_EVENTS, shipmentDelivered, shipmentException, shipmentInTransit, shipmentOutForDelivery, shipmentPacked, shipmentShipped, type ShipmentEventPayload, type ShipmentExceptionPayload } from './events.ts';
export { PACKABLE, packShipment, type PackRequest } from './shipments/pack.ts';
export { keepOrderInStep, moveShipment, orderStatusFromParcels, type MoveBy, type ShipmentMove } from './shipments/progress.ts';
export { shipmentById, shipmentByTracking, shipmentsOfOrder, trackingEventsOf, type Shipment, type ShipmentLine, type TrackingEvent } from './shipments/read.ts';
export { trackPath } from './tracking/routes.tsx';
export { hasLeft, SHIPMENT_STATUS_LABELS, SHIPMENT_STATUSES, type ShipmentStatus, type TrackingCode } from './states.ts';

export const fulfillmentModule: Module = {
  name: 'fulfillment',
  register(app, platform) {
    registerFulfillmentConsole(app, platform);
    registerOrderActions(app, platform);
    registerCarriers(app, platform);
    registerTrackingSections(app, platform);
    registerDelayChecks(app, platform);
  },
};
