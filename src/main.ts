// Starts the store: HTTP server and, unless WORKER=false, the background job worker.
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { createStore } from './store.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`doorstep: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let store;
  try {
    store = await createStore(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`doorstep: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, platform } = store;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), (config.shutdownGraceSeconds + 5) * 1000);
    force.unref();
    await store.stop();
    platform.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Listen first: /healthz answers and /readyz says "not ready" while the database is reached.
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  await store.start();
  platform.log.info({ url: config.baseUrl, port }, 'store ready');
  process.stdout.write(`\nDoorstep is open at ${config.baseUrl} (listening on port ${port})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`doorstep: could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
