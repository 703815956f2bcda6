// Assembles what every module stands on, from the configuration. Modules receive this
// object in `register()`; nothing else is global.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from '../config.ts';
import { TaggedCache } from './cache.ts';
import { systemClock, type Clock } from './clock.ts';
import { openDatabase, type Database } from './db/database.ts';
import { Events } from './events/events.ts';
import { Jobs } from './jobs/jobs.ts';
import { createLive, type Live } from './live/live.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createSigner, type Signer } from './signing.ts';

export interface Platform {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  jobs: Jobs;
  events: Events;
  signer: Signer;
  mailer: Mailer;
  metrics: Metrics;
  /** Rendered output shared by every request, dropped by tag when the data behind it changes. */
  cache: TaggedCache;
  /** Small messages to every process after a commit (stock changed), for browsers' live updates. */
  live: Live;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    // Belt and braces: these never belong in a log line.
    redact: {
      paths: ['password', '*.password', 'newPassword', '*.newPassword', 'card', '*.card', 'req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}

/** The session secret: from the environment, or generated once and kept in DATA_DIR. */
export function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const path = join(config.dataDir, 'session-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

export interface PlatformOverrides {
  clock?: Clock;
  log?: Logger;
  database?: Database;
}

export async function createPlatform(config: Config, overrides: PlatformOverrides = {}): Promise<Platform> {
  const log = overrides.log ?? createLogger(config);
  const clock = overrides.clock ?? systemClock;
  const database =
    overrides.database ??
    (await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') }));
  const metrics = createMetrics();
  const jobs = new Jobs({ database, log, work: config.worker, onFailure: (queue) => metrics.jobFailed(queue) });
  metrics.setQueueDepthSource(() => jobs.depth());
  const domain = new URL(config.baseUrl).hostname;
  return {
    config,
    log,
    clock,
    database,
    jobs,
    events: new Events(jobs, database, clock),
    signer: createSigner(sessionSecret(config), clock),
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: `Doorstep <${config.mailFrom}>`, domain, db: database.db, clock }),
    metrics,
    cache: new TaggedCache({ enabled: config.pageCache, maxChars: 64 * 1024 * 1024, ttlMs: 5 * 60 * 1000 }),
    live: createLive({ database, log }),
  };
}
