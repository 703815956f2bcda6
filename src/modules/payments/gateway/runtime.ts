// Which gateway this store talks to, and the live objects for it: the Stripe SDK adapter,
// the webhook secret, and (embedded default) the simulator running inside the store.
// One runtime per platform, so several test stores in one process never share a gateway.
//
// - STRIPE_SECRET_KEY alone: Stripe itself (test or live by the key's prefix).
// - GATEWAY_URL: a simulator (or Stripe-compatible API) elsewhere, e.g. `npm run gateway:simulator`.
// - neither: the simulator starts inside the store on GATEWAY_SIMULATOR_PORT, and its
//   webhooks reach the store's own route without the network.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../../../config.ts';
import type { App } from '../../../platform/http/app.ts';
import { sessionSecret, type Platform } from '../../../platform/platform.ts';
import { faultsFromJson } from '../simulator/faults.ts';
import { startSimulator, type GatewaySimulator } from '../simulator/server.ts';
import type { Deliver } from '../simulator/webhooks.ts';
import { circuitChanged, stopWatching, watchGateway } from './circuit-watch.ts';
import { StripeGateway, type GatewayConnection } from './stripe-gateway.ts';

export type GatewayMode =
  | { kind: 'stripe'; live: boolean }
  | { kind: 'external-simulator'; url: string }
  | { kind: 'embedded-simulator'; url: string };

export interface PaymentsRuntime {
  mode: GatewayMode;
  gateway: StripeGateway;
  /** How the gateway is reached (to build it again with other resilience settings in tests). */
  connection: GatewayConnection;
  /** Verifies webhooks; null when Stripe is used without STRIPE_WEBHOOK_SECRET (then only reconciliation learns of changes). */
  webhookSecret: string | null;
  publishableKey: string | null;
  /** A simulator's base URL (hosted card page, control API) and the key that opens it; null with Stripe. */
  simulator: { url: string; secretKey: string } | null;
  /** The simulator running inside this store, if it is the embedded one. */
  embedded: GatewaySimulator | null;
}

const runtimes = new WeakMap<Platform, PaymentsRuntime>();

/** The simulator's API key and webhook secret when none are configured: derived from the session secret, so a store and a standalone simulator sharing DATA_DIR (or SESSION_SECRET) agree without setup. */
export function simulatorSecrets(config: Config): { secretKey: string; webhookSecret: string } {
  const derive = (purpose: string) => createHmac('sha256', sessionSecret(config)).update(`doorstep gateway simulator: ${purpose}`).digest('hex').slice(0, 40);
  return {
    secretKey: config.payments.stripeSecretKey ?? `sk_test_sim_${derive('api key')}`,
    webhookSecret: config.payments.stripeWebhookSecret ?? `whsec_${derive('webhook secret')}`,
  };
}

/** The simulator's state file, when it keeps one. */
export function simulatorJournalPath(config: Config): string | undefined {
  return config.payments.simulatorJournal ? join(config.dataDir, 'gateway-simulator.jsonl') : undefined;
}

/** False before the module's ready hook and after the store stopped. */
export function paymentsRunning(platform: Platform): boolean {
  return runtimes.has(platform);
}

export function runtimeOf(platform: Platform): PaymentsRuntime {
  const runtime = runtimes.get(platform);
  if (!runtime) throw new Error('The payments module has not started (its ready hook runs at store start)');
  return runtime;
}

/** Starts the gateway for this store; `app` receives the embedded simulator's webhooks. */
export async function startPaymentsRuntime(platform: Platform, app: App): Promise<PaymentsRuntime> {
  const { payments } = platform.config;
  const timeoutMs = payments.timeoutMs;
  let runtime: PaymentsRuntime;
  const connect = (settings: GatewayConnection) => {
    const connection = { ...settings, onCircuitChange: (status: 'open' | 'closed') => circuitChanged(platform, status) };
    return { connection, gateway: new StripeGateway(connection) };
  };
  if (payments.stripeSecretKey && !payments.gatewayUrl) {
    runtime = {
      mode: { kind: 'stripe', live: /^(sk|rk)_live_/.test(payments.stripeSecretKey) },
      ...connect({ secretKey: payments.stripeSecretKey, url: undefined, timeoutMs }),
      webhookSecret: payments.stripeWebhookSecret ?? null,
      publishableKey: payments.stripePublishableKey ?? null,
      simulator: null,
      embedded: null,
    };
  } else if (payments.gatewayUrl) {
    const { secretKey, webhookSecret } = simulatorSecrets(platform.config);
    runtime = {
      mode: { kind: 'external-simulator', url: payments.gatewayUrl },
      ...connect({ secretKey, url: payments.gatewayUrl, timeoutMs }),
      webhookSecret,
      publishableKey: null,
      simulator: { url: payments.gatewayUrl, secretKey },
      embedded: null,
    };
  } else {
    const { secretKey, webhookSecret } = simulatorSecrets(platform.config);
    const deliver: Deliver = async (payload, signature) => {
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/webhooks/payments',
          headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
          payload,
        });
        return response.statusCode;
      } catch {
        return 0; // the store is stopping; the simulator retries later or gives up
      }
    };
    const start = (port: number) =>
      startSimulator({
        secretKey,
        webhookSecret,
        host: platform.config.host,
        port,
        deliver,
        journalPath: simulatorJournalPath(platform.config),
        faults: faultsFromJson(payments.simulatorFaults),
        log: platform.log,
      });
    let embedded: GatewaySimulator;
    try {
      embedded = await start(payments.simulatorPort);
    } catch (error) {
      // Its address is worked out afresh for every card page, so any free port serves as well
      // (a second store on this machine, a test run beside a dev store).
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      embedded = await start(0);
      platform.log.warn({ port: payments.simulatorPort, url: embedded.url }, 'gateway simulator port taken; the embedded simulator listens on a free port instead');
    }
    runtime = {
      mode: { kind: 'embedded-simulator', url: embedded.url },
      ...connect({ secretKey, url: embedded.url, timeoutMs }),
      webhookSecret,
      publishableKey: null,
      simulator: { url: embedded.url, secretKey },
      embedded,
    };
  }
  runtimes.set(platform, runtime);
  watchGateway(platform, () => runtimes.get(platform)?.gateway ?? null);
  return runtime;
}

export async function stopPaymentsRuntime(platform: Platform): Promise<void> {
  const runtime = runtimes.get(platform);
  runtimes.delete(platform);
  stopWatching(platform);
  await runtime?.embedded?.close();
}
