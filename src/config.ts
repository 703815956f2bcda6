// Every deployment setting, read from the environment once and validated at start.
// Business settings (reservation TTL, SLA targets, …) are not here: they are rows owned by
// the module they govern, edited in the admin.
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** SMTP connection string; undefined means the built-in dev mailbox. */
  smtpUrl: string | undefined;
  /** The address emails come from (MAIL_FROM), and where replies go: the support desk (MAIL_REPLY_TO). */
  mailFrom: string;
  mailReplyTo: string;
  /** Shared secret the mail provider sends with bounce and complaint reports (32+ characters); undefined: derived from the session secret. */
  emailWebhookSecret: string | undefined;
  baseUrl: string;
  /** Undefined only on the embedded default, where it is generated and kept in dataDir. */
  sessionSecret: string | undefined;
  logLevel: LogLevel;
  /** Run the background job worker in this process. */
  worker: boolean;
  /** Load the demo store into an empty database. */
  demoData: boolean;
  /** Seconds to wait for in-flight requests at shutdown. */
  shutdownGraceSeconds: number;
  /** Keep rendered catalogue pages in memory (switched off to measure the uncached path). */
  pageCache: boolean;
  /**
   * Crash tests only: the named point (see platform/crash.ts) where the process kills itself
   * with SIGKILL, to prove that no order or charge is lost whatever moment the server dies.
   */
  crashAt: string | undefined;
  payments: PaymentsConfig;
  carriers: CarriersConfig;
  inboundEmail: InboundEmailConfig;
}

/** Mail to the support desk: the built-in SMTP listener and what any inbound message may be. */
export interface InboundEmailConfig {
  /** INBOUND_SMTP_PORT: the listener's port; undefined (the default): no listener, mail comes by the webhook only. */
  smtpPort: number | undefined;
  /** INBOUND_SMTP_HOST: the address it listens on (HOST unless set; 0.0.0.0 to be the MX for the world). */
  smtpHost: string;
  /** INBOUND_EMAIL_DOMAINS: the recipient domains the listener accepts (comma-separated); the domain of MAIL_REPLY_TO unless set. */
  domains: string[];
  /** INBOUND_EMAIL_MAX_BYTES: the largest raw message taken (25 MiB); a larger one is refused and recorded. */
  maxBytes: number;
  /**
   * INBOUND_TRUSTED_AUTHSERV_IDS: the receiving hosts (authserv-ids, comma-separated, lower case)
   * whose Authentication-Results header says whether a sender was verified; none by default,
   * so every sender is "not verified". Anyone can write such a header: only these are read.
   */
  trustedAuthservIds: string[];
}

/**
 * The payment gateway. No key and no URL: the built-in simulator runs inside the store.
 * GATEWAY_URL: a simulator (or Stripe-compatible API) elsewhere. A key alone: Stripe itself.
 */
export interface PaymentsConfig {
  stripeSecretKey: string | undefined;
  stripePublishableKey: string | undefined;
  /** whsec_…; with the simulator, undefined means derived from the session secret. */
  stripeWebhookSecret: string | undefined;
  gatewayUrl: string | undefined;
  /** Port of the simulator (embedded, or `npm run gateway:simulator`); 0 = any free port. */
  simulatorPort: number;
  /** Where `npm run gateway:simulator` posts its webhooks. */
  simulatorWebhookUrl: string;
  /** Keep the simulator's state in DATA_DIR/gateway-simulator.jsonl across restarts. */
  simulatorJournal: boolean;
  /** Faults the simulator starts with (JSON, as its control API takes them). */
  simulatorFaults: string | undefined;
  /** Per call to the gateway, before it counts as timed out and is retried. */
  timeoutMs: number;
}

/**
 * Carrier tracking. Real carrier APIs are out of scope: the built-in carrier simulator plans
 * each parcel's tracking events and posts them, signed, to /webhooks/carriers/:carrier.
 */
export interface CarriersConfig {
  /** Signs and verifies carrier webhooks (32+ characters); undefined: derived from the session secret. */
  webhookSecret: string | undefined;
  /** Run the carrier simulator in this store (false: events come only from signed webhooks, and no control API); off by default when NODE_ENV=test. */
  simulator: boolean;
  /** Bearer key of the simulator's control API (/_carrier-simulator/…); undefined: derived from the session secret. */
  simulatorKey: string | undefined;
  /** Faults the simulator starts with (JSON, as its control API takes them) until the admin saves others. */
  simulatorFaults: string | undefined;
}

/** Thrown for a bad environment value; main prints its message as one line and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`${name}="${raw}" is not valid: expected one of ${allowed.join(', ')}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}="${raw}" is not valid: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name}="${raw}" is not valid: expected true or false`);
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: expected ${protocols.join(' or ')}//…`);
  }
  if (!protocols.includes(parsed.protocol)) {
    // The value may hold a password: name the protocol only.
    throw new ConfigError(
      `${name} has protocol "${parsed.protocol}": expected ${protocols.join(' or ')}//…`,
    );
  }
  return raw;
}

/** A secret of 32+ characters, or undefined when unset. */
function longSecret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  // Say what is wrong without repeating the value: it is a secret.
  if (raw.length < 32) throw new ConfigError(`${name} is too short: expected at least 32 characters`);
  return raw;
}

/** A bare email address (no display name: the merchant sets that in the admin). */
function address(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(raw)) throw new ConfigError(`${name}="${raw}" is not an email address such as shop@example.com`);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const baseUrl = (url(env, 'BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
    /\/+$/,
    '',
  );
  const sessionSecret = env.SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET is too short: expected at least 32 characters');
  }
  if (sessionSecret === undefined && nodeEnv === 'production') {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production (32+ random characters)');
  }
  const mailReplyTo = address(env, 'MAIL_REPLY_TO', `support@${new URL(baseUrl).hostname}`);
  return {
    env: nodeEnv,
    port,
    host,
    databaseUrl,
    dataDir: resolve(env.DATA_DIR || './data'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: address(env, 'MAIL_FROM', `shop@${new URL(baseUrl).hostname}`),
    mailReplyTo,
    emailWebhookSecret: longSecret(env, 'EMAIL_WEBHOOK_SECRET'),
    baseUrl,
    sessionSecret,
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    worker: flag(env, 'WORKER', true),
    demoData: flag(env, 'DEMO_DATA', databaseUrl === undefined),
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 300),
    pageCache: flag(env, 'PAGE_CACHE', true),
    crashAt: env.CRASH_AT || undefined,
    payments: loadPaymentsConfig(env, baseUrl),
    carriers: loadCarriersConfig(env, nodeEnv),
    inboundEmail: loadInboundEmailConfig(env, host, mailReplyTo),
  };
}

/** A comma-separated list of domain names, lower case; a value that is none is named in the error. */
function domainList(name: string, value: string): string[] {
  const domains = value
    .split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter((domain) => domain !== '');
  const bad = domains.find((domain) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain));
  if (bad !== undefined) throw new ConfigError(`${name} has "${bad}": expected domain names such as shop.example.com, separated by commas`);
  return domains;
}

function loadInboundEmailConfig(env: Env, host: string, replyTo: string): InboundEmailConfig {
  const domains = domainList('INBOUND_EMAIL_DOMAINS', env.INBOUND_EMAIL_DOMAINS || replyTo.slice(replyTo.lastIndexOf('@') + 1));
  return {
    smtpPort: env.INBOUND_SMTP_PORT ? integer(env, 'INBOUND_SMTP_PORT', 0, 0, 65535) : undefined,
    smtpHost: env.INBOUND_SMTP_HOST || host,
    domains,
    maxBytes: integer(env, 'INBOUND_EMAIL_MAX_BYTES', 25 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustedAuthservIds: domainList('INBOUND_TRUSTED_AUTHSERV_IDS', env.INBOUND_TRUSTED_AUTHSERV_IDS ?? ''),
  };
}

function loadPaymentsConfig(env: Env, baseUrl: string): PaymentsConfig {
  const secret = (name: string, prefixes: readonly string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    // Name the expected prefix only: the value is a secret.
    if (!prefixes.some((prefix) => raw.startsWith(prefix))) {
      throw new ConfigError(`${name} is not valid: expected a key starting with ${prefixes.join(' or ')}`);
    }
    return raw;
  };
  return {
    stripeSecretKey: secret('STRIPE_SECRET_KEY', ['sk_', 'rk_']),
    stripePublishableKey: secret('STRIPE_PUBLISHABLE_KEY', ['pk_']),
    stripeWebhookSecret: secret('STRIPE_WEBHOOK_SECRET', ['whsec_']),
    gatewayUrl: url(env, 'GATEWAY_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    simulatorPort: integer(env, 'GATEWAY_SIMULATOR_PORT', 4242, 0, 65535),
    simulatorWebhookUrl: url(env, 'GATEWAY_SIMULATOR_WEBHOOK_URL', ['http:', 'https:']) ?? `${baseUrl}/webhooks/payments`,
    simulatorJournal: flag(env, 'GATEWAY_SIMULATOR_JOURNAL', true),
    simulatorFaults: env.GATEWAY_SIMULATOR_FAULTS || undefined,
    timeoutMs: integer(env, 'GATEWAY_TIMEOUT_MS', 8000, 100, 120_000),
  };
}

function loadCarriersConfig(env: Env, nodeEnv: Config['env']): CarriersConfig {
  return {
    webhookSecret: longSecret(env, 'CARRIER_WEBHOOK_SECRET'),
    // Off by default in tests: their clocks stand still while the minute job runs on real time,
    // so a test store gets the simulator only when it asks (and then drives it itself).
    simulator: flag(env, 'CARRIER_SIMULATOR', nodeEnv !== 'test'),
    simulatorKey: longSecret(env, 'CARRIER_SIMULATOR_KEY'),
    simulatorFaults: env.CARRIER_SIMULATOR_FAULTS || undefined,
  };
}
