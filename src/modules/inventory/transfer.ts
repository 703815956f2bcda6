// Moving units of a variant from one location to another: two transfer movements in one
// stock change (out of the source, into the destination) sharing one reference, so the
// ledger shows both halves and the total on hand does not move. Units reserved at the
// source stay there: at most what is available (on hand less reserved) can leave.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { changeStock } from './adjust.ts';
import type { AnnounceDeps } from './announce.ts';
import { stockLevels } from './schema.ts';

export interface Transfer {
  variantId: string;
  fromLocationId: string;
  toLocationId: string;
  quantity: number;
  reason: string;
}

export type TransferFailure = 'same-location' | 'bad-quantity' | 'more-than-available';

export class TransferError extends Error {
  readonly code: TransferFailure;
  constructor(code: TransferFailure, message: string) {
    super(message);
    this.name = 'TransferError';
    this.code = code;
  }
}

const MAX_TRANSFER = 1_000_000;

/** Applies the transfer in `tx`, or throws a TransferError (the caller's transaction then rolls back). */
export async function transferStock(deps: AnnounceDeps, tx: Db, transfer: Transfer, actor: string): Promise<void> {
  const { variantId, fromLocationId, toLocationId, quantity, reason } = transfer;
  if (fromLocationId === toLocationId) throw new TransferError('same-location', 'Choose two different locations.');
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > MAX_TRANSFER) throw new TransferError('bad-quantity', 'Enter a whole number of units, at least 1.');
  const [level] = await tx
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, fromLocationId)));
  const before = level ?? { onHand: 0, reserved: 0 };
  // A first look, for a clear message before anything is locked; the check after the change holds under concurrency.
  if (quantity > before.onHand - before.reserved) throw moreThanAvailable(before.onHand - before.reserved);
  const half = { variantId, kind: 'transfer' as const, reason };
  await changeStock(
    deps,
    tx,
    [
      { ...half, locationId: fromLocationId, delta: -quantity },
      { ...half, locationId: toLocationId, delta: quantity },
    ],
    actor,
    `transfer:${newId()}`,
  );
  // changeStock holds the variant's levels locked: what is reserved at the source cannot change now.
  const [after] = await tx
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, fromLocationId)));
  if (after!.onHand < after!.reserved) throw moreThanAvailable(after!.onHand + quantity - after!.reserved);
}

function moreThanAvailable(available: number): TransferError {
  const units = Math.max(0, available);
  return new TransferError('more-than-available', `Only ${units} ${units === 1 ? 'unit is' : 'units are'} available to move at that location (units reserved for checkouts stay).`);
}
