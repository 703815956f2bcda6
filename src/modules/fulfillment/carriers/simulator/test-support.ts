// For tests: a store that takes orders (demo shipping and tax, a gateway that gives up fast)
// with the carrier simulator on. Test stores have it off unless asked (CARRIER_SIMULATOR
// defaults to false when NODE_ENV=test), because their clocks stand still.
import type { Clock } from '../../../../platform/clock.ts';
import { createTestStore, type TestStore } from '../../../../testing/store.ts';
import { tuneGatewayResilience } from '../../../payments/index.ts';
import { ensureDemoShipping } from '../../../shipping/index.ts';
import { ensureDemoTax } from '../../../tax/index.ts';

export async function simulatorStore(clock: Clock, options: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestStore> {
  const store = await createTestStore({ clock, worker: options.worker ?? false, env: { CARRIER_SIMULATOR: 'true', ...options.env } });
  await ensureDemoShipping(store.platform);
  await ensureDemoTax(store.platform);
  tuneGatewayResilience(store.platform, { attempts: 2, backoffInitialMs: 5, backoffMaxMs: 10, breakerThreshold: 1000, halfOpenAfterMs: 50 });
  return store;
}
