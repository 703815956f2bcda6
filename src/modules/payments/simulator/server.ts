// The gateway simulator as one HTTP server: Stripe's API subset (/v1/…), the hosted card
// page (/pay/…), and its control API (/_simulator/…, guarded by the secret key) to switch
// faults and read the charges ledger. It runs inside the store (embedded default, port 0
// in tests) or as its own process (`npm run gateway:simulator`).
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authorized, registerApiRoutes } from './api-routes.ts';
import { applyFaults, FaultsError, NO_FAULTS, type Faults, type FaultsPatch } from './faults.ts';
import { fileJournal } from './journal.ts';
import { Ledger, type JournalEntry, type LedgerCharge } from './ledger.ts';
import { registerPageRoutes } from './page-routes.ts';
import { WebhookDispatcher, type Deliver } from './webhooks.ts';

export interface SimulatorOptions {
  /** The API key callers must present (Bearer). */
  secretKey: string;
  /** Signs webhooks (whsec_…). */
  webhookSecret: string;
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** Where browsers reach it, when not at http://host:port. */
  publicUrl?: string;
  /** How webhooks reach the store; absent: none are sent. */
  deliver?: Deliver;
  /** Append-only state file, replayed at start; absent: in memory only. */
  journalPath?: string;
  faults?: Faults;
  webhookAttempts?: number;
  webhookRetryBaseMs?: number;
  log?: Logger;
  now?: () => Date;
}

export interface GatewaySimulator {
  /** Base URL of the API and the hosted pages, e.g. http://127.0.0.1:4242. */
  readonly url: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  faults(): Faults;
  setFaults(patch: FaultsPatch): Faults;
  /** Every authorised or captured charge with its order id and idempotency keys. */
  charges(): LedgerCharge[];
  /** Every intent with its order id, status and idempotency keys. */
  intents(): ReturnType<Ledger['intents']>;
  /** Resolves when every webhook sent so far was delivered or given up. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<GatewaySimulator> {
  const now = options.now ?? (() => new Date());
  let faults: Faults = structuredClone(options.faults ?? NO_FAULTS);
  let publicUrl = options.publicUrl ?? '';
  const closing = new AbortController();
  const sleep = (ms: number) =>
    ms <= 0 || closing.signal.aborted
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            closing.signal.removeEventListener('abort', done);
            resolve();
          }
          closing.signal.addEventListener('abort', done, { once: true });
        });

  const dispatcher = options.deliver
    ? new WebhookDispatcher({
        deliver: options.deliver,
        secret: options.webhookSecret,
        faults: () => faults,
        now,
        ...(options.webhookAttempts ? { attempts: options.webhookAttempts } : {}),
        ...(options.webhookRetryBaseMs ? { retryBaseMs: options.webhookRetryBaseMs } : {}),
        onGiveUp: (event, status) => options.log?.warn({ eventId: event.id, type: event.type, status }, 'gateway simulator: webhook not accepted after every retry'),
      })
    : undefined;

  const ledger = new Ledger({
    publicUrl: () => publicUrl,
    journal: options.journalPath ? fileJournal<JournalEntry>(options.journalPath) : undefined,
    onEvent: (event) => dispatcher?.enqueue(event),
    now,
  });

  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 64 * 1024 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  registerApiRoutes(app, { ledger, secretKey: options.secretKey, faults: () => faults, sleep });
  registerPageRoutes(app, ledger, now);

  const guard = (header: string | undefined) => authorized(header, options.secretKey);
  app.get('/_simulator/faults', async (request, reply) => (guard(request.headers.authorization) ? faults : reply.status(401).send({ error: 'unauthorized' })));
  app.post('/_simulator/faults', async (request, reply) => {
    if (!guard(request.headers.authorization)) return reply.status(401).send({ error: 'unauthorized' });
    try {
      faults = applyFaults(faults, request.body ?? {});
      return faults;
    } catch (error) {
      if (error instanceof FaultsError) return reply.status(400).send({ error: error.message });
      throw error;
    }
  });
  app.get('/_simulator/charges', async (request, reply) => (guard(request.headers.authorization) ? { data: ledger.charges() } : reply.status(401).send({ error: 'unauthorized' })));
  app.get('/_simulator/health', async () => ({ ok: true }));

  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  if (!publicUrl) publicUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;

  return {
    url: publicUrl,
    secretKey: options.secretKey,
    webhookSecret: options.webhookSecret,
    faults: () => structuredClone(faults),
    setFaults(patch) {
      faults = applyFaults(faults, patch);
      return structuredClone(faults);
    },
    charges: () => ledger.charges(),
    intents: () => ledger.intents(),
    webhooksIdle: () => dispatcher?.idle() ?? Promise.resolve(),
    async close() {
      closing.abort();
      dispatcher?.close();
      await app.close();
    },
  };
}
