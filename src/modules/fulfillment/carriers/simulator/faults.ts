// The faults the carrier simulator can show, as shares (0 to 1). Two change a parcel's journey
// and are drawn when its tracking starts: an address problem on the first delivery attempt
// (an exception, then delivered the next business day) and a delay in transit (a `delayed`
// event with a later estimate). The others change how its events reach the store: late,
// twice, in the wrong order, or lost on the way and sent again. They start from
// CARRIER_SIMULATOR_FAULTS; once the merchant saves others in the admin (or a test through the
// control API) the saved row wins, so every instance of the store reads the same switches.
import { eq } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../../../../platform/db/database.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { carrierSimulatorSettings } from './schema.ts';

const Rate = Type.Number({ minimum: 0, maximum: 1 });

export const CarrierFaultsSchema = Type.Object(
  {
    /** Parcels whose first delivery attempt fails on an incomplete address. */
    addressIssueRate: Rate,
    /** Parcels held up in transit, with a new estimate one or two business days later. */
    delayRate: Rate,
    /** Events whose webhook goes out `lateMinutes` after they happened. */
    lateRate: Rate,
    lateMinutes: Type.Integer({ minimum: 0, maximum: 2880 }),
    /** Events delivered twice. */
    duplicateRate: Rate,
    /** Parcels in which two events in a row reach the store newest first. */
    outOfOrderRate: Rate,
    /** Deliveries lost on the way on their first try; the simulator retries a minute later, then backs off. */
    lostRate: Rate,
  },
  { additionalProperties: false },
);
export type CarrierFaults = Static<typeof CarrierFaultsSchema>;
export const CarrierFaultsPatchSchema = Type.Partial(CarrierFaultsSchema, { additionalProperties: false });
export type CarrierFaultsPatch = Static<typeof CarrierFaultsPatchSchema>;

export const NO_CARRIER_FAULTS: CarrierFaults = {
  addressIssueRate: 0,
  delayRate: 0,
  lateRate: 0,
  lateMinutes: 90,
  duplicateRate: 0,
  outOfOrderRate: 0,
  lostRate: 0,
};

export class CarrierFaultsError extends Error {
  override name = 'CarrierFaultsError';
}

export function applyCarrierFaults(current: CarrierFaults, patch: unknown): CarrierFaults {
  if (!Value.Check(CarrierFaultsPatchSchema, patch)) {
    const first = [...Value.Errors(CarrierFaultsPatchSchema, patch)][0];
    throw new CarrierFaultsError(`Invalid carrier faults${first ? `: ${first.instancePath || 'body'} ${first.message}` : ''}`);
  }
  return { ...current, ...patch };
}

/** The faults of CARRIER_SIMULATOR_FAULTS (JSON), checked; none when unset. */
export function carrierFaultsFromJson(json: string | undefined): CarrierFaults {
  if (!json) return { ...NO_CARRIER_FAULTS };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new CarrierFaultsError('CARRIER_SIMULATOR_FAULTS is not valid JSON');
  }
  return applyCarrierFaults(NO_CARRIER_FAULTS, parsed);
}

/** The switches in force: the saved ones, else the configured ones. */
export async function readCarrierFaults(platform: Platform, db: Db): Promise<CarrierFaults> {
  const [row] = await db.select({ faults: carrierSimulatorSettings.faults }).from(carrierSimulatorSettings).where(eq(carrierSimulatorSettings.id, 1));
  const configured = carrierFaultsFromJson(platform.config.carriers.simulatorFaults);
  // A saved row from an older version may lack a switch added since: the configured value fills it.
  return row ? { ...configured, ...(Value.Check(CarrierFaultsPatchSchema, row.faults) ? row.faults : {}) } : configured;
}

/** Applies a change to the switches in force and saves the result. Throws CarrierFaultsError for a bad change. */
export async function saveCarrierFaults(platform: Platform, tx: Db, patch: unknown, by: string): Promise<CarrierFaults> {
  const faults = applyCarrierFaults(await readCarrierFaults(platform, tx), patch);
  const now = platform.clock.now();
  await tx
    .insert(carrierSimulatorSettings)
    .values({ id: 1, faults, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: carrierSimulatorSettings.id, set: { faults, updatedAt: now, updatedBy: by } });
  return faults;
}
