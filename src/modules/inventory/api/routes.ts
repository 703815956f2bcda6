// GET /api/v1/availability: the delivery promise of up to 50 variants for a quantity, a
// destination and a shipping method, as product pages ask for it on load and whenever a
// live message says a variant's stock changed. Never cached: it is the live figure. Public
// and anonymous: a shopper's own reservation counts only on the cart's endpoint, which
// knows their cart.
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { availabilityOf, type Availability } from '../availability.ts';
import { promisesFor } from '../promise-for.ts';
import { MAX_UNITS_PER_LINE } from '../reservations.ts';
import { DeliveryPromiseJson, deliveryPromiseJson } from './promise-json.ts';

export const AVAILABILITY_PATH = '/api/v1/availability';
export const MAX_VARIANTS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const Query = Type.Object({
  variants: Type.String({ minLength: 36, maxLength: MAX_VARIANTS * 37, description: `Comma-separated variant ids, at most ${MAX_VARIANTS}.` }),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_UNITS_PER_LINE, default: 1, description: 'Units of each variant.' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 destination; the home market by default.' })),
  method: Type.Optional(Type.String({ format: 'uuid', description: 'A shipping method; the first one to the destination by default.' })),
});

const Answer = Type.Object({
  country: Type.Union([Type.String(), Type.Null()], { description: 'The destination the dates are for; null when the store has no shipping zone.' }),
  method: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), carrier: Type.String() }), Type.Null()], {
    description: 'The method transit is counted for; null when none reaches the destination (only the ship day is promised).',
  }),
  quantity: Type.Integer(),
  variants: Type.Array(
    Type.Object({
      variantId: Type.String({ format: 'uuid' }),
      maxOrderable: Type.Union([Type.Integer(), Type.Null()], { description: 'The most that can be ordered now; null: no limit.' }),
      ...DeliveryPromiseJson.properties,
    }),
  ),
});

export function registerAvailabilityApi(app: App, platform: Platform): void {
  app.get(
    AVAILABILITY_PATH,
    {
      config: { access: 'public' },
      schema: {
        tags: ['inventory'],
        summary: 'Availability and delivery dates of variants',
        description: `State, whether the quantity can be ordered, and the delivery promise with dates, per variant (at most ${MAX_VARIANTS}). An unknown id reads as sold out. Never cached.`,
        querystring: Query,
        response: { 200: Answer },
      },
    },
    async (request, reply) => {
      const ids = [...new Set(request.query.variants.split(',').map((id) => id.trim().toLowerCase()))];
      if (ids.length > MAX_VARIANTS) throw problems.badRequest(`Ask for at most ${MAX_VARIANTS} variants.`);
      if (ids.some((id) => !UUID.test(id))) throw problems.badRequest('variants must be variant ids separated by commas.');
      const quantity = request.query.quantity ?? 1;
      const [answer, availability] = await Promise.all([
        promisesFor(
          platform,
          ids.map((variantId) => ({ variantId, quantity })),
          { country: request.query.country ?? null, methodId: request.query.method ?? null },
        ),
        availabilityOf(platform.database.db, ids),
      ]);
      reply.header('cache-control', 'no-store');
      return {
        country: answer.country,
        method: answer.method && { id: answer.method.id, name: answer.method.name, carrier: answer.method.carrier },
        quantity,
        variants: answer.lines.map((line) => ({ variantId: line.variantId, maxOrderable: maxOrderable(availability.get(line.variantId)), ...deliveryPromiseJson(line) })),
      };
    },
  );
}

/** Null means no limit; a variant without figures cannot be ordered. */
const maxOrderable = (availability: Availability | undefined) => (availability ? availability.maxOrderable : 0);
