// npm run gateway:simulator: the payment gateway simulator as its own process, for the
// benchmark and the crash test (the store is killed, the gateway lives on). The store then
// runs with GATEWAY_URL=http://127.0.0.1:<port>. Both read the same settings: port
// (GATEWAY_SIMULATOR_PORT), where webhooks go (GATEWAY_SIMULATOR_WEBHOOK_URL, default the
// store's BASE_URL + /webhooks/payments), the API key and webhook secret (STRIPE_SECRET_KEY
// and STRIPE_WEBHOOK_SECRET, or both derived from the session secret they share), faults at
// start (GATEWAY_SIMULATOR_FAULTS) and the state file in DATA_DIR (GATEWAY_SIMULATOR_JOURNAL).
import { ConfigError, loadConfig } from '../../../config.ts';
import { createLogger } from '../../../platform/platform.ts';
import { simulatorJournalPath, simulatorSecrets } from '../gateway/runtime.ts';
import { faultsFromJson, FaultsError } from '../simulator/faults.ts';
import { startSimulator } from '../simulator/server.ts';
import { httpDeliver } from '../simulator/webhooks.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const { payments } = config;
  const log = createLogger(config);
  const { secretKey, webhookSecret } = simulatorSecrets(config);
  const journalPath = simulatorJournalPath(config);
  const simulator = await startSimulator({
    secretKey,
    webhookSecret,
    host: config.host,
    port: payments.simulatorPort,
    deliver: httpDeliver(payments.simulatorWebhookUrl),
    journalPath,
    faults: faultsFromJson(payments.simulatorFaults),
    log,
  });
  const stop = async () => {
    await simulator.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdout.write(
    `Gateway simulator at ${simulator.url} (webhooks to ${payments.simulatorWebhookUrl}; state ${journalPath ?? 'in memory'}).\n` +
      `Run the store with GATEWAY_URL=${simulator.url}\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof FaultsError) {
    process.stderr.write(`gateway-simulator: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`gateway-simulator: could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
