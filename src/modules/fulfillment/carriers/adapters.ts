// One adapter per carrier we ship with: UPS, FedEx, USPS and DHL. Real carrier APIs (UPS
// Tracking, FedEx Track, USPS Tracking, DHL Shipment Tracking, each with its own formats,
// subscriptions and credentials) are out of scope: every adapter talks to the built-in carrier
// simulator, the embedded default, under the carrier's own name, code and public tracking page.
// Its events arrive in the signed batch format of wire.ts; each adapter accepts only batches
// that name its carrier, so a batch posted to another carrier's URL is refused.
import type { IncomingHttpHeaders } from 'node:http';
import { Value } from 'typebox/value';
import { isLocalDate } from '../../../platform/calendar.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { CarrierAdapter, CarrierEvent } from './adapter.ts';
import { CARRIER_CODES, CARRIERS, normalizeTrackingNumber, trackingUrl, type CarrierCode } from './numbers/index.ts';
import { requestTracking } from './simulator/plan.ts';
import { carrierWebhookSecret, SIGNATURE_HEADER, verifyCarrierSignature, WebhookRejected, WireBatchSchema, type WireEvent } from './wire.ts';

const malformed = (message: string) => new WebhookRejected(400, message);

/** "Louisville, KY" in the US, "Leipzig, DE" elsewhere: how carriers print a scan's place. */
export function placeName(location: WireEvent['location']): string {
  const country = location.country && location.country !== 'US' ? location.country : undefined;
  return [location.city, location.region, country].filter((part) => part && part.trim() !== '').join(', ');
}

function readBatch(carrier: CarrierCode, rawBody: Buffer | string): CarrierEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw malformed('The body is not JSON');
  }
  if (!Value.Check(WireBatchSchema, body)) {
    const first = [...Value.Errors(WireBatchSchema, body)][0];
    throw malformed(`The body is not a batch of tracking events${first ? `: ${first.instancePath || 'body'} ${first.message}` : ''}`);
  }
  if (body.carrier !== carrier) throw malformed(`The batch is from "${body.carrier}", posted to ${carrier}`);
  return body.events.map((event, index) => {
    const occurredAt = new Date(event.occurredAt);
    if (Number.isNaN(occurredAt.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(event.occurredAt)) throw malformed(`/events/${index}/occurredAt is not a time with a zone`);
    const trackingNumber = normalizeTrackingNumber(event.trackingNumber);
    if (!trackingNumber) throw malformed(`/events/${index}/trackingNumber is not a tracking number`);
    const estimate = event.estimatedDelivery;
    if (estimate && !(isLocalDate(estimate.earliest) && isLocalDate(estimate.latest) && estimate.earliest <= estimate.latest)) {
      throw malformed(`/events/${index}/estimatedDelivery is not a range of days`);
    }
    return {
      carrierEventId: event.id,
      trackingNumber,
      code: event.code,
      detail: event.detail.trim(),
      location: placeName(event.location),
      occurredAt,
      ...(estimate ? { estimate: { earliest: estimate.earliest, latest: estimate.latest } } : {}),
    };
  });
}

function simulatedCarrier(platform: Platform, code: CarrierCode): CarrierAdapter {
  const secret = carrierWebhookSecret(platform.config);
  return {
    code,
    name: CARRIERS[code].name,
    trackingUrl: (number) => trackingUrl(code, number),
    async startTracking(tx, shipment) {
      if (platform.config.carriers.simulator) await requestTracking(platform, tx, shipment.id);
      // Without the simulator nobody is asked: events arrive only from whoever posts signed batches.
    },
    parseWebhook(rawBody: Buffer | string, headers: IncomingHttpHeaders) {
      const header = headers[SIGNATURE_HEADER];
      verifyCarrierSignature(secret, rawBody, Array.isArray(header) ? header[0] : header, platform.clock.now());
      return readBatch(code, rawBody);
    },
  };
}

const adapters = new WeakMap<Platform, Readonly<Record<CarrierCode, CarrierAdapter>>>();

/** The store's adapter for each carrier (built once per store: they read its settings and clock). */
export function carrierAdapters(platform: Platform): Readonly<Record<CarrierCode, CarrierAdapter>> {
  let found = adapters.get(platform);
  if (!found) {
    found = Object.fromEntries(CARRIER_CODES.map((code) => [code, simulatedCarrier(platform, code)])) as Record<CarrierCode, CarrierAdapter>;
    adapters.set(platform, found);
  }
  return found;
}

export function carrierAdapter(platform: Platform, code: CarrierCode): CarrierAdapter {
  return carrierAdapters(platform)[code];
}
