// The carrier simulator's control API, for tests, the browser test and demos: read and switch
// faults, see a parcel's planned events, fast-forward a parcel, and send what is due now. Like
// the gateway simulator's, it is opened by a key (`Authorization: Bearer <key>`: the
// CARRIER_SIMULATOR_KEY setting, or derived from the session secret), and it exists only while
// the simulator runs in this store (CARRIER_SIMULATOR, on by default): with it off, these
// routes answer 404 like any unknown address.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../../../platform/http/app.ts';
import { Problem } from '../../../../platform/http/problem.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { carrierSimulatorKey } from '../wire.ts';
import { ADVANCE_TARGETS, advanceParcel, simulatedParcel, type AdvanceTarget } from './advance.ts';
import { deliverDueCarrierEvents, toWire } from './deliver.ts';
import { CarrierFaultsError, readCarrierFaults, saveCarrierFaults } from './faults.ts';

export const CONTROL_PREFIX = '/_carrier-simulator';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function registerSimulatorControlRoutes(app: App, platform: Platform): void {
  const key = sha256(carrierSimulatorKey(platform.config));
  const guard = async (request: FastifyRequest) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match || !timingSafeEqual(sha256(match[1]!), key)) {
      throw new Problem({ status: 401, type: 'simulator-key', title: 'The carrier simulator’s control API needs its key', detail: 'Send Authorization: Bearer <CARRIER_SIMULATOR_KEY>.' });
    }
  };
  // Opened by the key, not by a session: no cookie, so no cross-site form can use it either.
  // The key is checked before anything else, so a caller without it learns nothing from errors.
  const config = { access: 'public' as const, csrf: false as const };
  const opts = { config, onRequest: guard };
  const Params = Type.Object({ trackingNumber: Type.String({ minLength: 1, maxLength: 100 }) });

  app.get(`${CONTROL_PREFIX}/faults`, opts, async () => {
    return readCarrierFaults(platform, platform.database.db);
  });

  app.post(`${CONTROL_PREFIX}/faults`, opts, async (request) => {
    try {
      return await platform.database.transaction((tx) => saveCarrierFaults(platform, tx, request.body ?? {}, 'control-api'));
    } catch (error) {
      if (error instanceof CarrierFaultsError) throw new Problem({ status: 400, type: 'validation', title: 'Those faults are not valid', detail: error.message });
      throw error;
    }
  });

  app.get<{ Params: { trackingNumber: string } }>(`${CONTROL_PREFIX}/parcels/:trackingNumber`, { ...opts, schema: { params: Params } }, async (request) => {
    const events = await simulatedParcel(platform, request.params.trackingNumber);
    if (events.length === 0) throw unknownParcel();
    return {
      carrier: events[0]!.carrier,
      trackingNumber: events[0]!.trackingNumber,
      events: events.map((event) => ({ ...toWire(event), seq: event.seq, dueAt: event.dueAt.toISOString(), attempts: event.attempts, sentAt: event.sentAt?.toISOString() ?? null, gaveUpAt: event.gaveUpAt?.toISOString() ?? null })),
    };
  });

  app.post<{ Params: { trackingNumber: string }; Body: { to: AdvanceTarget } }>(
    `${CONTROL_PREFIX}/parcels/:trackingNumber/advance`,
    { ...opts, schema: { params: Params, body: Type.Object({ to: Type.Union(ADVANCE_TARGETS.map((t) => Type.Literal(t))) }, { additionalProperties: false }) } },
    async (request) => {
        const advanced = await advanceParcel(platform, request.params.trackingNumber, request.body.to);
      if (!advanced) throw unknownParcel();
      return advanced;
    },
  );

  app.post(`${CONTROL_PREFIX}/deliver`, opts, async () => {
    return deliverDueCarrierEvents(platform);
  });
}

const unknownParcel = () => new Problem({ status: 404, type: 'unknown-parcel', title: 'The carrier simulator has no parcel with that tracking number', detail: 'Its tracking starts once the parcel is packed.' });
