// The whole store in one object: platform, HTTP app and modules, with the start and stop
// sequences. `main.ts` runs it as a process; tests build it in memory.
import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import { lockDataDir, type DataDirLock } from './platform/db/lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp, type App } from './platform/http/app.ts';
import { registerHealthRoutes } from './platform/http/health.ts';
import { forgetOldIdempotencyKeys } from './platform/http/idempotency/idempotency.ts';
import { registerLiveRoutes } from './platform/live/routes.ts';
import type { Module } from './platform/module.ts';
import { createPlatform, type Platform, type PlatformOverrides } from './platform/platform.ts';
import { modules as allModules, principalResolvers, signInPath } from './modules/index.ts';
import { buildAssets, registerAssetRoutes } from './web/assets.ts';
import { renderErrorPage } from './web/error-page.tsx';
import { Pages } from './web/page-context.ts';

export interface Store {
  app: App;
  platform: Platform;
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
  const app = await buildApp({
    config,
    log: platform.log,
    database: platform.database,
    clock: platform.clock,
    signer: platform.signer,
    metrics: platform.metrics,
    principals: principalResolvers,
    renderErrorPage: (request, input) => renderErrorPage(pages.bareContext(request), input),
    signInPath,
    isReady,
  });
  app.decorate('pages', pages);
  registerHealthRoutes(app, platform, isReady);
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
    isReady,
    async start() {
      await connect();
      await migrate(platform.database);
      await platform.jobs.start();
      for (const module of modules) await module.ready?.(platform);
      ready = true;
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
      await platform.jobs.stop(config.shutdownGraceSeconds * 1000);
      await platform.live.close();
      platform.mailer.close();
      await platform.database.close();
      lock?.release();
    },
  };
}
