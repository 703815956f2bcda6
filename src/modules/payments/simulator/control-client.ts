// The simulator's control API from the outside (the merchant admin, tests, benchmarks):
// read and switch faults, read the charges ledger. Works the same for the embedded
// simulator and a standalone one.
import type { Faults, FaultsPatch } from './faults.ts';
import type { LedgerCharge } from './ledger.ts';

export interface SimulatorAddress {
  url: string;
  secretKey: string;
}

export class SimulatorUnreachable extends Error {
  override name = 'SimulatorUnreachable';
}

async function call<T>(simulator: SimulatorAddress, path: string, init: { method: 'GET' | 'POST'; body?: unknown } = { method: 'GET' }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, simulator.url), {
      method: init.method,
      headers: { authorization: `Bearer ${simulator.secretKey}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    throw new SimulatorUnreachable(`The gateway simulator at ${simulator.url} did not answer`, { cause: error });
  }
  if (!response.ok) throw new SimulatorUnreachable(`The gateway simulator at ${simulator.url} answered ${response.status}`);
  return (await response.json()) as T;
}

export const readFaults = (simulator: SimulatorAddress) => call<Faults>(simulator, '/_simulator/faults');

export const writeFaults = (simulator: SimulatorAddress, patch: FaultsPatch) => call<Faults>(simulator, '/_simulator/faults', { method: 'POST', body: patch });

export const readCharges = async (simulator: SimulatorAddress) => (await call<{ data: LedgerCharge[] }>(simulator, '/_simulator/charges')).data;
