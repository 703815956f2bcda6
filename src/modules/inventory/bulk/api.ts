// The warehouse API: apply a batch of stock changes (idempotent by the client's batch id) and
// read stock per location to reconcile. Open to integrations holding an API token with the
// inventory.edit scope, and to staff with that permission.
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { Problem } from '../../../platform/http/problem.ts';
import type { Role } from '../../../platform/http/principal.ts';
import type { Platform } from '../../../platform/platform.ts';
import { requirePermission } from '../../staff/index.ts';
import { actorOf } from './actor.ts';
import {
  applyStockBatch,
  BATCH_ID_PATTERN,
  BatchError,
  LINE_LIMITS,
  MAX_BATCH_LINES,
  type LineError,
  type StockLine,
} from './apply.ts';
import { levelsBySku, MAX_LEVEL_SKUS } from './levels.ts';

const ACCESS: readonly Role[] = ['integration', 'agent', 'lead', 'admin'];

/**
 * A quantity is declared without a JSON type on purpose: the validator coerces types (for
 * query strings), which would read null as 0 (a count of zero!) and "3" as 3. The lines are
 * judged one by one instead: a number is checked by the batch, null counts as absent, and
 * anything else is reported on its line.
 */
const Quantity = (description: string) =>
  Type.Unknown({ description: `${description} A JSON number.`, examples: [12] });

const BatchLine = Type.Object(
  {
    sku: Type.String({ maxLength: LINE_LIMITS.sku }),
    location: Type.Optional(
      Type.String({
        maxLength: LINE_LIMITS.location,
        description: 'Stock location code; the default location when absent.',
      }),
    ),
    set: Type.Optional(
      Quantity('Absolute on-hand: what was counted. Give set or delta, not both.'),
    ),
    delta: Type.Optional(Quantity('Units to add, or to remove when negative.')),
    reason: Type.Optional(Type.String({ maxLength: LINE_LIMITS.reason })),
  },
  { additionalProperties: false },
);

const BatchBody = Type.Object(
  {
    batchId: Type.String({
      pattern: BATCH_ID_PATTERN.source,
      description:
        'Chosen by the client, unique per batch. Sending the same id with the same lines again applies nothing and returns the first result.',
    }),
    lines: Type.Array(BatchLine, {
      maxItems: MAX_BATCH_LINES,
      description:
        'Each line is applied or reported on its own: a line that cannot be applied does not stop the others.',
    }),
  },
  { additionalProperties: false },
);

function quantity(value: unknown, name: 'set' | 'delta'): { value?: number; invalid?: LineError } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'number') return { value };
  return {
    invalid: {
      code: 'not-a-number',
      message: `${name} must be a JSON number, not ${JSON.stringify(value).slice(0, 20)}.`,
    },
  };
}

function toLine(body: Static<typeof BatchLine>, index: number): StockLine {
  const set = quantity(body.set, 'set');
  const delta = quantity(body.delta, 'delta');
  return {
    line: index + 1,
    sku: body.sku,
    location: body.location,
    reason: body.reason,
    set: set.value,
    delta: delta.value,
    invalid: set.invalid ?? delta.invalid,
  };
}

const LineErrorSchema = Type.Object({ code: Type.String(), message: Type.String() });

const BatchResult = Type.Object({
  batchId: Type.String(),
  replayed: Type.Boolean({
    description: 'True when this batch was applied before: nothing changed this time.',
  }),
  applied: Type.Integer(),
  failed: Type.Integer(),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'Position of the line in the request, from 1.' }),
      sku: Type.String(),
      location: Type.String(),
      status: Type.Union([Type.Literal('applied'), Type.Literal('failed')]),
      onHandBefore: Type.Optional(Type.Integer()),
      onHandAfter: Type.Optional(Type.Integer()),
      error: Type.Optional(LineErrorSchema),
    }),
  ),
});

const LevelsQuery = Type.Object({
  sku: Type.Array(Type.String({ minLength: 1, maxLength: LINE_LIMITS.sku }), {
    minItems: 1,
    maxItems: MAX_LEVEL_SKUS,
    description: 'Repeat for several SKUs (sku=A&sku=B).',
  }),
});

const Levels = Type.Object({
  levels: Type.Array(
    Type.Object({
      sku: Type.String(),
      variantId: Type.String({ format: 'uuid' }),
      locations: Type.Array(
        Type.Object({
          location: Type.String(),
          onHand: Type.Integer(),
          reserved: Type.Integer(),
          available: Type.Integer(),
        }),
      ),
    }),
  ),
  unknown: Type.Array(Type.String(), { description: 'Requested SKUs no variant has.' }),
});

const ERRORS = {
  401: {
    description:
      'No credentials, or an API token that is not valid (problem+json, WWW-Authenticate: Bearer).',
  },
  403: {
    description: 'Signed in, but without the inventory.edit permission or scope (problem+json).',
  },
} as const;

async function editor(request: FastifyRequest) {
  const principal = await request.principal();
  requirePermission(principal, 'inventory.edit');
  return principal!;
}

export function registerBulkStockApi(app: App, platform: Platform): void {
  app.post<{ Body: Static<typeof BatchBody> }>(
    '/api/v1/inventory/batches',
    {
      config: { access: ACCESS },
      schema: {
        tags: ['inventory'],
        security: [{ apiToken: [] }],
        summary: 'Apply a batch of stock changes',
        description:
          'Sets absolute on-hand figures or applies deltas per SKU and location, in one transaction. Lines that cannot be applied (unknown SKU or location, a quantity that is not a whole number, on-hand that would go below zero) are reported per line and the others are applied. Authenticate with `Authorization: Bearer <API token>` (scope inventory.edit); staff signed in with the inventory.edit permission may also call it.',
        body: BatchBody,
        response: {
          200: BatchResult,
          ...ERRORS,
          422: {
            description:
              'Nothing applied: the batch has no lines (type empty-batch), or its id was already used for other lines (type batch-id-reused).',
          },
        },
      },
    },
    async (request) => {
      const principal = await editor(request);
      const lines = request.body.lines.map(toLine);
      try {
        const result = await applyStockBatch(platform, {
          batchId: request.body.batchId,
          source: 'api',
          actor: actorOf(principal),
          lines,
        });
        if (!result.replayed)
          platform.log.info(
            {
              batchId: result.batchId,
              actor: actorOf(principal),
              applied: result.applied,
              failed: result.failed,
            },
            'stock batch applied',
          );
        return result;
      } catch (error) {
        if (error instanceof BatchError)
          throw new Problem({
            status: 422,
            type: error.code,
            title: 'The batch was not applied',
            detail: error.message,
          });
        throw error;
      }
    },
  );

  app.get<{ Querystring: Static<typeof LevelsQuery> }>(
    '/api/v1/inventory/levels',
    {
      config: { access: ACCESS },
      schema: {
        tags: ['inventory'],
        security: [{ apiToken: [] }],
        summary: 'Stock per location for up to 100 SKUs',
        description:
          'On hand, reserved (held by checkouts and orders) and available, per stock location, to reconcile a warehouse system with the store.',
        querystring: LevelsQuery,
        response: { 200: Levels, ...ERRORS },
      },
    },
    async (request) => {
      await editor(request);
      return levelsBySku(platform.database.db, request.query.sku);
    },
  );
}
