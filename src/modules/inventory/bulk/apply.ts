// Warehouse batches: many stock changes at once, from the JSON API or a CSV upload, named by
// a batch id the client chooses. A batch applies once: sending the same id with the same
// lines again returns the first outcome and changes nothing; the same id with other lines is
// refused. Each line stands alone: a line that cannot be applied (unknown SKU or location,
// a quantity that is not a whole number, on-hand that would go below zero) is reported with
// its reason and every other line is applied, all in one transaction.
import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { changeStock, lockOnHand, malformedChange, type StockChange } from '../adjust.ts';
import type { AnnounceDeps } from '../announce.ts';
import { stockBatches, stockLocations } from '../schema.ts';
import { defaultLocationId } from '../stock.ts';
import { variantDirectory } from '../variant-directory.ts';

export const BATCH_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
export const MAX_BATCH_LINES = 5000;
export const LINE_LIMITS = { sku: 255, location: 32, reason: 500 } as const;
/** No level holds more units than this (the column is a 32-bit integer). */
export const MAX_ON_HAND = 1_000_000_000;

export interface StockLine {
  /** Where the line came from, for the report: the file's line number or the 1-based index. */
  line: number;
  sku: string;
  /** A location code; the default location when absent. */
  location?: string | undefined;
  /** Absolute on-hand: what was counted. Exactly one of set and delta. */
  set?: number | undefined;
  /** Units to add (negative: to remove). */
  delta?: number | undefined;
  reason?: string | undefined;
  /** Already found wrong by whoever read the line (a CSV cell that is not a number). */
  invalid?: LineError | undefined;
}

export interface LineError {
  code: string;
  message: string;
}

export interface LineOutcome {
  line: number;
  sku: string;
  /** The location code the line applies to (or named, when it is unknown). */
  location: string;
  status: 'applied' | 'failed';
  onHandBefore?: number;
  onHandAfter?: number;
  error?: LineError;
}

export interface BatchResult {
  batchId: string;
  /** True when this batch id was applied before: nothing changed this time. */
  replayed: boolean;
  applied: number;
  failed: number;
  lines: LineOutcome[];
}

export interface BatchInput {
  batchId: string;
  source: 'api' | 'csv';
  /** Who sends it, for the ledger: "token:<id>" or "staff:<id>". */
  actor: string;
  lines: readonly StockLine[];
}

export type BatchFailure =
  'invalid-batch-id' | 'empty-batch' | 'too-many-lines' | 'batch-id-reused';

/** The batch as a whole cannot be applied; nothing was changed. */
export class BatchError extends Error {
  override name = 'BatchError';
  readonly code: BatchFailure;
  constructor(code: BatchFailure, message: string) {
    super(message);
    this.code = code;
  }
}

/** What a line says, trimmed, with nothing that depends on where it came from. */
function normalise(line: StockLine): StockLine {
  const location = line.location?.trim();
  const reason = line.reason?.trim();
  return {
    line: line.line,
    sku: line.sku.trim(),
    location: location || undefined,
    set: line.set,
    delta: line.delta,
    reason: reason || undefined,
    invalid: line.invalid,
  };
}

/** Identifies what a batch asks for: its lines in order, not the line numbers that report them. */
function contentHash(lines: readonly StockLine[]): string {
  const content = lines.map((l) => [
    l.sku,
    l.location ?? null,
    l.set ?? null,
    l.delta ?? null,
    l.reason ?? null,
    l.invalid?.message ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Why a line cannot be applied whatever the stock, or null. */
function lineProblem(
  line: StockLine,
  variantId: string | undefined,
  locationId: string | undefined,
): LineError | null {
  if (line.invalid) return line.invalid;
  if (line.sku === '') return { code: 'unknown-sku', message: 'The line names no SKU.' };
  if (line.sku.length > LINE_LIMITS.sku)
    return { code: 'unknown-sku', message: `No SKU is longer than ${LINE_LIMITS.sku} characters.` };
  if (line.reason !== undefined && line.reason.length > LINE_LIMITS.reason)
    return {
      code: 'reason-too-long',
      message: `Keep the reason to ${LINE_LIMITS.reason} characters.`,
    };
  const malformed = malformedChange(line);
  if (malformed) return malformed;
  if (Math.abs(line.set ?? line.delta!) > MAX_ON_HAND) return tooMany();
  if (!variantId) return { code: 'unknown-sku', message: `No variant has the SKU "${line.sku}".` };
  if (!locationId)
    return {
      code: 'unknown-location',
      message: `There is no stock location with the code "${line.location}".`,
    };
  return null;
}

const tooMany = (): LineError => ({
  code: 'too-large',
  message: `No location holds more than ${MAX_ON_HAND.toLocaleString('en-US')} units of a variant.`,
});

function checkBatch(input: BatchInput): void {
  if (!BATCH_ID_PATTERN.test(input.batchId)) {
    throw new BatchError(
      'invalid-batch-id',
      'A batch id is 1 to 100 letters, digits, dots, underscores, colons or hyphens.',
    );
  }
  if (input.lines.length === 0)
    throw new BatchError('empty-batch', 'The batch has no lines: there is nothing to apply.');
  if (input.lines.length > MAX_BATCH_LINES) {
    throw new BatchError(
      'too-many-lines',
      `A batch has at most ${MAX_BATCH_LINES.toLocaleString('en-US')} lines; split it into several batches, each with its own id.`,
    );
  }
}

/**
 * Applies a batch once. The batch row is written first, so a second submission of the same
 * id waits for the first to commit and then finds it (a replay) instead of applying twice.
 */
export async function applyStockBatch(deps: AnnounceDeps, input: BatchInput): Promise<BatchResult> {
  checkBatch(input);
  const lines = input.lines.map(normalise);
  const hash = contentHash(lines);
  return deps.database.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(stockBatches)
      .values({
        batchId: input.batchId,
        source: input.source,
        actor: input.actor,
        contentHash: hash,
        result: {},
        appliedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ batchId: stockBatches.batchId });
    if (!claimed) return replay(tx, input.batchId, hash);

    const result = await applyLines(deps, tx, input, lines);
    await tx.update(stockBatches).set({ result }).where(eq(stockBatches.batchId, input.batchId));
    return result;
  });
}

async function replay(tx: Db, batchId: string, hash: string): Promise<BatchResult> {
  const [earlier] = await tx.select().from(stockBatches).where(eq(stockBatches.batchId, batchId));
  if (earlier!.contentHash !== hash) {
    throw new BatchError(
      'batch-id-reused',
      `The batch id "${batchId}" was already used for other lines. Nothing was applied: give each batch its own id.`,
    );
  }
  return { ...(earlier!.result as BatchResult), replayed: true };
}

async function applyLines(
  deps: AnnounceDeps,
  tx: Db,
  input: BatchInput,
  lines: readonly StockLine[],
): Promise<BatchResult> {
  const variantIds = await variantDirectory().idsBySku(
    tx,
    lines.map((l) => l.sku).filter((sku) => sku !== '' && sku.length <= LINE_LIMITS.sku),
  );
  const locations = await resolveLocations(tx, lines);

  const outcomes: LineOutcome[] = [];
  const changes: { outcome: LineOutcome; change: StockChange }[] = [];
  for (const line of lines) {
    const variantId = variantIds.get(line.sku);
    const locationId = locations.ids.get(line.location ?? '');
    const outcome: LineOutcome = {
      line: line.line,
      sku: line.sku,
      location: line.location ?? locations.defaultCode,
      status: 'failed',
    };
    outcomes.push(outcome);
    const problem = lineProblem(line, variantId, locationId);
    if (problem) {
      outcome.error = problem;
      continue;
    }
    const reason = line.reason ?? `Warehouse batch ${input.batchId}`;
    const change: StockChange =
      line.set !== undefined
        ? { variantId: variantId!, locationId: locationId!, set: line.set, reason }
        : { variantId: variantId!, locationId: locationId!, delta: line.delta!, reason };
    changes.push({ outcome, change });
  }

  // changeStock is all or nothing, so the lines that would take on-hand below zero are found
  // first, against the locked figures, in line order (several lines for one level add up).
  const onHand = await lockOnHand(
    tx,
    changes.map((c) => c.change),
  );
  const accepted = changes.filter(({ outcome, change }) => {
    const key = `${change.variantId}/${change.locationId}`;
    const before = onHand.get(key) ?? 0;
    const after = change.set ?? before + change.delta!;
    if (after < 0) {
      outcome.error = {
        code: 'negative-on-hand',
        message: `That would leave ${after} on hand: there are only ${before}, so at most ${before} can be taken off.`,
      };
      return false;
    }
    if (after > MAX_ON_HAND) {
      outcome.error = tooMany();
      return false;
    }
    onHand.set(key, after);
    return true;
  });
  if (accepted.length > 0) {
    const applied = await changeStock(
      deps,
      tx,
      accepted.map((c) => c.change),
      input.actor,
      `batch:${input.batchId}`,
    );
    applied.forEach((result, i) => {
      const outcome = accepted[i]!.outcome;
      outcome.status = 'applied';
      outcome.onHandBefore = result.onHandBefore;
      outcome.onHandAfter = result.onHandAfter;
    });
  }
  return {
    batchId: input.batchId,
    replayed: false,
    applied: accepted.length,
    failed: outcomes.length - accepted.length,
    lines: outcomes,
  };
}

/** Location ids by the codes the lines name, and the default location's code and id for lines that name none. */
async function resolveLocations(
  tx: Db,
  lines: readonly StockLine[],
): Promise<{ ids: Map<string, string>; defaultCode: string }> {
  const codes = [
    ...new Set(lines.map((l) => l.location).filter((code): code is string => code !== undefined)),
  ];
  const found = codes.length
    ? await tx
        .select({ id: stockLocations.id, code: stockLocations.code })
        .from(stockLocations)
        .where(inArray(stockLocations.code, codes))
    : [];
  const ids = new Map(found.map((row) => [row.code, row.id]));
  if (!lines.some((l) => l.location === undefined)) return { ids, defaultCode: '' };
  const id = await defaultLocationId(tx);
  const [row] = await tx
    .select({ code: stockLocations.code })
    .from(stockLocations)
    .where(eq(stockLocations.id, id));
  ids.set('', id);
  return { ids, defaultCode: row!.code };
}
