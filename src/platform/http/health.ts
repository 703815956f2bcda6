// Liveness, readiness and metrics: what a load balancer and Prometheus ask.
import type { App } from './app.ts';
import type { Platform } from '../platform.ts';
import { isMigrated } from '../db/migrate.ts';

export function registerHealthRoutes(app: App, platform: Platform, isReady: () => boolean): void {
  const open = { config: { access: 'public' as const } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    let migrated = false;
    if (isReady()) migrated = await isMigrated(platform.database).catch(() => false);
    const ready = isReady() && migrated;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database: migrated ? 'migrated' : 'unavailable' });
  });
  app.get('/metrics', open, async (_request, reply) => {
    const body = await platform.metrics.registry.metrics();
    return reply.type(platform.metrics.registry.contentType).send(body);
  });
}
