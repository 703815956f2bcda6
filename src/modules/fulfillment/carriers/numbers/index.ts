// Tracking numbers for the carriers we ship with (UPS, FedEx, USPS, DHL): recognising them,
// checking a number against the carrier the merchant chose, the public tracking link, and new
// valid numbers for the carrier simulator. A plain library: no tables, routes or events.
export { CARRIER_CODES, CARRIERS, type Carrier, type CarrierCode, type CarrierFormat, isCarrierCode } from './carriers.ts';
export { generateTrackingNumber } from './generate.ts';
export {
  type CarrierMatch,
  checkTrackingNumber,
  MAX_TRACKING_NUMBER_LENGTH,
  normalizeTrackingNumber,
  type Recognition,
  recognizeTrackingNumber,
  requireTrackingNumber,
  type TrackingNumberCheck,
  trackingUrl,
} from './recognize.ts';
