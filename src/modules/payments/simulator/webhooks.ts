// Webhook delivery as Stripe does it: each event POSTed as JSON with a
// `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">` header, retried with
// exponential backoff until the endpoint answers 2xx. Faults can deliver each event twice,
// or hold events back and deliver the held ones newest first (out of order).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Faults } from './faults.ts';
import type { StripeEvent } from './ledger.ts';

/** Sends one signed payload; resolves to the HTTP status (0: no answer). */
export type Deliver = (payload: string, signature: string) => Promise<number>;

export function signPayload(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Delivers to a URL over HTTP (the standalone simulator), on kept-open connections. node:http
 * rather than fetch(): the simulator shares a benchmark's machine with the store, and fetch
 * costs about three times the CPU per request.
 */
export function httpDeliver(url: string, timeoutMs = 10_000): Deliver {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true });
  return (payload, signature) =>
    new Promise((resolve) => {
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(payload)),
        'stripe-signature': signature,
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      };
      const request = client.request(target, { method: 'POST', headers, agent, timeout: timeoutMs }, (response) => {
        // Only the status counts; the body is read to its end so the connection can serve the next event.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => resolve(0));
      request.end(payload);
    });
}

export interface DispatcherOptions {
  deliver: Deliver;
  secret: string;
  faults: () => Faults;
  /** Tries per event (the first included). */
  attempts?: number;
  /** First retry delay; doubled for each further retry, at most `maxDelayMs`. */
  retryBaseMs?: number;
  maxDelayMs?: number;
  now?: () => Date;
  onGiveUp?: (event: StripeEvent, status: number) => void;
}

export class WebhookDispatcher {
  readonly #options: Required<Omit<DispatcherOptions, 'onGiveUp' | 'now'>> & Pick<DispatcherOptions, 'onGiveUp' | 'now'>;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #held: StripeEvent[] = [];
  #closed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(options: DispatcherOptions) {
    this.#options = { attempts: 8, retryBaseMs: 1000, maxDelayMs: 60_000, ...options };
  }

  enqueue(event: StripeEvent): void {
    if (this.#closed) return;
    const faults = this.#options.faults();
    if (faults.outOfOrderWebhooks) {
      this.#held.push(event);
      // The first event held opens the window; everything held by its end goes out newest first.
      if (this.#held.length === 1) this.#later(faults.outOfOrderWindowMs, () => this.#releaseHeld());
      return;
    }
    this.#send(event, faults.duplicateWebhooks);
  }

  #releaseHeld(): void {
    const held = this.#held.reverse();
    this.#held = [];
    const twice = this.#options.faults().duplicateWebhooks;
    for (const event of held) this.#send(event, twice);
  }

  #send(event: StripeEvent, twice: boolean): void {
    this.#track(this.#attempt(event, 1));
    if (twice) this.#track(this.#attempt(event, 1));
  }

  async #attempt(event: StripeEvent, attempt: number): Promise<void> {
    if (this.#closed) return;
    const payload = JSON.stringify(event, null, 2);
    const timestamp = Math.floor((this.#options.now?.() ?? new Date()).getTime() / 1000);
    const status = await this.#options.deliver(payload, signPayload(this.#options.secret, payload, timestamp));
    if (status >= 200 && status < 300) return;
    if (attempt >= this.#options.attempts) {
      this.#options.onGiveUp?.(event, status);
      return;
    }
    const delay = Math.min(this.#options.maxDelayMs, this.#options.retryBaseMs * 2 ** (attempt - 1));
    this.#later(delay, () => this.#track(this.#attempt(event, attempt + 1)));
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
      this.#checkIdle();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #track(work: Promise<void>): void {
    this.#running.add(work);
    void work.finally(() => {
      this.#running.delete(work);
      this.#checkIdle();
    });
  }

  #checkIdle(): void {
    if (this.#running.size > 0 || this.#timers.size > 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Resolves once every event so far has been delivered or given up on (tests wait on it). */
  idle(): Promise<void> {
    if (this.#running.size === 0 && this.#timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops retrying; deliveries in flight finish on their own. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#held = [];
    this.#checkIdle();
  }
}
