// The whole store in one object: platform, HTTP app and modules, with the start and stop
// sequences. `main.ts` runs it as a process; tests build it in memory.
import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import { lockDataDir, type DataDirLock } from './platform/db/lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp, type App } from './platform/http/app.ts';
import { registerHealthRoutes } from './platform/http/health.ts';
import { OutageGuard, registerOutageRoutes } from './platform/http/outage.ts';
import { forgetOldIdempotencyKeys } from './platform/http/idempotency/idempotency.ts';
import { registerLiveRoutes } from './platform/live/routes.ts';
import type { Module } from './platform/module.ts';
import { createPlatform, type Platform, type PlatformOverrides } from './platform/platform.ts';
import { modules as allModules, principalResolvers, signInPath } from './modules/index.ts';
import { COMPONENTS, type ComponentKey } from './modules/site/index.ts';
import { buildAssets, registerAssetRoutes } from './web/assets.ts';
import { renderErrorPage } from './web/error-page.tsx';
import { createOutagePage } from './web/outage-page.tsx';
import { Pages } from './web/page-context.ts';

/** What works of each part of the store while its database is out, for the outage page. */
const DURING_OUTAGE: Record<ComponentKey, string> = {
  storefront: 'Not working for a moment',
  checkout: 'Not taking new orders; orders already placed are kept',
  payments: 'Nothing new is charged; payments already made are kept',
  email: 'Delayed: emails already queued go out once we are back',
  'support-chat': 'Not working; write to us by email',
};

export interface Store {
  app: App;
  platform: Platform;
  /** Says whether the database answers, and serves the outage page while it does not. */
  outage: OutageGuard;
  /** Connects (retrying while the database is unreachable), migrates, starts jobs, loads demo data. */
  start(): Promise<void>;
  /** Stops taking requests, finishes those in flight, stops jobs, closes the database. */
  stop(): Promise<void>;
  isReady(): boolean;
}

export interface StoreOptions extends PlatformOverrides {
  modules?: Module[];
  /** Seconds between attempts to reach the database at start. */
  retrySeconds?: number;
}

export async function createStore(config: Config, options: StoreOptions = {}): Promise<Store> {
  // Only the embedded database needs the lock; PostgreSQL coordinates its own clients.
  const lock: DataDirLock | undefined =
    !config.databaseUrl && !options.database ? lockDataDir(config.dataDir) : undefined;
  let platform: Platform;
  try {
    platform = await createPlatform(config, options);
  } catch (error) {
    lock?.release();
    throw error;
  }
  let ready = false;
  const isReady = () => ready;
  const modules = options.modules ?? allModules;

  const assets = await buildAssets();
  const pages = new Pages({ assets, storeName: 'Doorstep', baseUrl: config.baseUrl, cache: platform.cache });
  const outage = new OutageGuard({ database: platform.database, log: platform.log, dataDir: config.dataDir });
  const outagePage = createOutagePage({
    storeName: 'Doorstep',
    assets,
    rows: COMPONENTS.map(({ key, name }) => ({ name, state: DURING_OUTAGE[key] })),
    supportEmail: `help@${new URL(config.baseUrl).hostname}`,
  });
  const app = await buildApp({
    config,
    log: platform.log,
    database: platform.database,
    clock: platform.clock,
    signer: platform.signer,
    metrics: platform.metrics,
    principals: principalResolvers,
    // While the database is out, a failure is the outage, not an error: the outage page says so.
    renderErrorPage: (request, input) => (outage.down && input.status >= 500 ? outagePage.render(request, { since: outage.since }) : renderErrorPage(pages.bareContext(request), input)),
    signInPath,
    isReady,
  });
  app.decorate('pages', pages);
  registerHealthRoutes(app, platform, isReady);
  registerOutageRoutes(app, outage, outagePage);
  registerLiveRoutes(app, platform.live);
  registerAssetRoutes(app, assets);
  platform.jobs.schedule('platform.forget-idempotency-keys', '17 3 * * *', async () => {
    await forgetOldIdempotencyKeys(platform.database, platform.clock.now());
  });
  for (const module of modules) await module.register(app, platform);

  async function connect(): Promise<void> {
    const retryMs = (options.retrySeconds ?? 2) * 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        await platform.database.db.execute(sql`select 1`);
        return;
      } catch (error) {
        outage.markDown();
        const where = config.databaseUrl ? new URL(config.databaseUrl).host : 'embedded database';
        platform.log.error(
          { attempt, err: { message: (error as Error).message } },
          `database not reachable at ${where}; retrying in ${retryMs / 1000}s (/readyz answers 503 meanwhile)`,
        );
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  }

  return {
    app,
    platform,
    outage,
    isReady,
    async start() {
      await connect();
      await migrate(platform.database);
      await platform.jobs.start();
      for (const module of modules) await module.ready?.(platform);
      ready = true;
      // Up again after an outage noticed at start, and addresses left meanwhile (here or by a
      // process that stopped before it could import them) go in now.
      await outage.probe();
      await outage.importRequests();
      outage.start();
    },
    async stop() {
      ready = false;
      // Fastify answers 503 to new requests and waits for in-flight ones before resolving.
      // A keep-alive connection whose request finishes after close() began would otherwise
      // hold the server open until its keep-alive timeout (72 s): close such connections as
      // soon as they go idle, and every connection once the grace period is over.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
      const force = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceSeconds * 1000);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
        clearTimeout(force);
      }
      await outage.stop();
      await platform.jobs.stop(config.shutdownGraceSeconds * 1000);
      await platform.live.close();
      platform.mailer.close();
      await platform.database.close();
      lock?.release();
    },
  };
}
