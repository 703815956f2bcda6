// The faults the simulator can be told to show, switched at run time through its control
// API (and so from the merchant admin) or given at start. Rates are shares of API requests
// (0 to 1); `next` queues faults for the very next requests, in order, so a test can make
// exactly one call time out.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const FaultKindSchema = Type.Union([Type.Literal('timeout'), Type.Literal('error'), Type.Literal('lost')]);
export type FaultKind = Static<typeof FaultKindSchema>;

const Rate = Type.Number({ minimum: 0, maximum: 1 });

export const FaultsSchema = Type.Object(
  {
    /** Every API answer is held back this long (slow gateway). */
    latencyMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
    /** Share of requests that are carried out and then answered only after `hangMs` (past the client's timeout). */
    timeoutRate: Rate,
    hangMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
    /** Share of requests answered 500 without doing anything. */
    errorRate: Rate,
    /** Share of requests that are carried out and whose connection is then dropped without an answer. */
    lostResponseRate: Rate,
    /** Faults for the next requests, one each, before the rates apply. */
    next: Type.Array(FaultKindSchema, { maxItems: 100 }),
    /** Deliver every webhook twice. */
    duplicateWebhooks: Type.Boolean(),
    /** Hold webhooks back for `outOfOrderWindowMs` and deliver the ones held together newest first. */
    outOfOrderWebhooks: Type.Boolean(),
    outOfOrderWindowMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
  },
  { additionalProperties: false },
);

export type Faults = Static<typeof FaultsSchema>;
export const FaultsPatchSchema = Type.Partial(FaultsSchema, { additionalProperties: false });
export type FaultsPatch = Static<typeof FaultsPatchSchema>;

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  timeoutRate: 0,
  hangMs: 30_000,
  errorRate: 0,
  lostResponseRate: 0,
  next: [],
  duplicateWebhooks: false,
  outOfOrderWebhooks: false,
  outOfOrderWindowMs: 300,
};

export class FaultsError extends Error {
  override name = 'FaultsError';
}

/** Checks a change of faults (from JSON) and applies it to the current ones. */
export function applyFaults(current: Faults, patch: unknown): Faults {
  if (!Value.Check(FaultsPatchSchema, patch)) {
    const first = [...Value.Errors(FaultsPatchSchema, patch)][0];
    throw new FaultsError(`Invalid faults${first ? `: ${first.instancePath || 'body'} ${first.message}` : ''}`);
  }
  return { ...current, ...patch };
}

/** Faults given at start as JSON (GATEWAY_SIMULATOR_FAULTS). */
export function faultsFromJson(json: string | undefined): Faults {
  if (!json) return { ...NO_FAULTS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new FaultsError('GATEWAY_SIMULATOR_FAULTS is not valid JSON');
  }
  return applyFaults(NO_FAULTS, parsed);
}

/** Which fault, if any, this API request gets. Consumes one queued fault. */
export function pickFault(faults: Faults, random: () => number = Math.random): FaultKind | null {
  const queued = faults.next.shift();
  if (queued) return queued;
  if (faults.errorRate > 0 && random() < faults.errorRate) return 'error';
  if (faults.timeoutRate > 0 && random() < faults.timeoutRate) return 'timeout';
  if (faults.lostResponseRate > 0 && random() < faults.lostResponseRate) return 'lost';
  return null;
}
