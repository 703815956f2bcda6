// What travels between a carrier and the store: a JSON batch of tracking events
// (`{"carrier":"ups","events":[…]}`, as tracking aggregators send them) signed with HMAC-SHA256
// over `${timestamp}.${rawBody}` in a `Doorstep-Carrier-Signature: t=<unix>,v1=<hex>` header.
// The simulator writes this format and the adapters read it; real carrier APIs, each with its
// own format, are out of scope. The signature is checked on the raw bytes before anything is
// parsed, and a timestamp more than five minutes away from now is refused (a replay).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static } from 'typebox';
import type { Config } from '../../../config.ts';
import { sessionSecret } from '../../../platform/platform.ts';
import { TRACKING_CODES, type TrackingCode } from '../states.ts';

export const SIGNATURE_HEADER = 'doorstep-carrier-signature';

/** Seconds a signature stays valid, either side of now. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Events in one delivery at most: a bigger batch is refused as malformed. */
export const MAX_BATCH_EVENTS = 100;

/** Why a delivery is refused: 401 for the signature (forged, missing, stale), 400 for the body. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
  readonly status: 400 | 401;
  constructor(status: 400 | 401, message: string) {
    super(message);
    this.status = status;
  }
}

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const WireEventSchema = Type.Object(
  {
    /** The carrier's own id of the event: the same event delivered again carries the same id. */
    id: Type.String({ minLength: 1, maxLength: 100 }),
    trackingNumber: Type.String({ minLength: 1, maxLength: 100 }),
    code: Type.Unsafe<TrackingCode>(Type.Union(TRACKING_CODES.map((code) => Type.Literal(code)))),
    detail: Type.String({ maxLength: 500 }),
    location: Type.Object(
      {
        city: Type.Optional(Type.String({ maxLength: 100 })),
        region: Type.Optional(Type.String({ maxLength: 100 })),
        country: Type.Optional(Type.String({ maxLength: 2 })),
      },
      { additionalProperties: false },
    ),
    /** ISO 8601 with a zone. */
    occurredAt: Type.String({ minLength: 20, maxLength: 40 }),
    /** The carrier's delivery estimate as local dates at the destination. */
    estimatedDelivery: Type.Optional(Type.Object({ earliest: LocalDate, latest: LocalDate }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type WireEvent = Static<typeof WireEventSchema>;

export const WireBatchSchema = Type.Object(
  {
    carrier: Type.String({ maxLength: 20 }),
    events: Type.Array(WireEventSchema, { minItems: 1, maxItems: MAX_BATCH_EVENTS }),
  },
  { additionalProperties: false },
);
export type WireBatch = Static<typeof WireBatchSchema>;

/** The secret both sides sign with: CARRIER_WEBHOOK_SECRET, or one derived from the session secret. */
export function carrierWebhookSecret(config: Config): string {
  return config.carriers.webhookSecret ?? createHmac('sha256', sessionSecret(config)).update('doorstep carrier webhooks: signing secret').digest('hex');
}

/** The simulator's control API key: CARRIER_SIMULATOR_KEY, or one derived from the session secret. */
export function carrierSimulatorKey(config: Config): string {
  return config.carriers.simulatorKey ?? createHmac('sha256', sessionSecret(config)).update('doorstep carrier simulator: control key').digest('hex');
}

const hmac = (secret: string, timestamp: number, payload: Buffer | string) =>
  createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest();

/** The header value for `payload` sent at `timestamp` (unix seconds). */
export function signCarrierPayload(secret: string, payload: Buffer | string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, payload).toString('hex')}`;
}

/**
 * Checks the signature header against the raw body: a timestamp within the tolerance of
 * `now`, and one of the `v1` values (a sender rotating its secret may send two) equal to ours.
 */
export function verifyCarrierSignature(secret: string, rawBody: Buffer | string, header: string | undefined, now: Date): void {
  if (!header) throw new WebhookRejected(401, `No ${SIGNATURE_HEADER} header`);
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null || signatures.length === 0) throw new WebhookRejected(401, 'The signature header has no timestamp or no v1 signature');
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) throw new WebhookRejected(401, 'The signature timestamp is outside the tolerance (a replay or a wrong clock)');
  const expected = hmac(secret, timestamp, rawBody);
  if (!signatures.some((signature) => timingSafeEqual(signature, expected))) throw new WebhookRejected(401, 'The signature does not match the body');
}
