// How gateway calls survive a bad network: each call is retried (same idempotency key, so a
// retry never does the thing twice) with exponential backoff and jitter, at most a few
// times; a circuit breaker stops calling a gateway that keeps failing, so checkouts fail
// fast with GatewayUnavailable instead of each waiting out its timeouts, and lets one trial
// call through after a pause (half-open) to see whether it is back.
//
// cockatiel provides the retry, backoff (decorrelated jitter) and breaker: small, typed,
// no dependencies, maintained, and its policies compose (retry around breaker) so that
// every attempt counts towards the breaker and an open breaker ends the retries at once.
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, type CircuitBreakerPolicy, type IPolicy } from 'cockatiel';
import { GatewayUnavailable } from '../errors.ts';

export interface ResilienceOptions {
  /** Tries per call, the first included. */
  attempts: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before a trial call. */
  halfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  attempts: 3,
  backoffInitialMs: 200,
  backoffMaxMs: 2000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
};

export type CircuitStatus = 'closed' | 'open' | 'half-open';

/** Decides whether a failure is worth another try (and counts against the gateway's health). */
export type TransientTest = (error: unknown) => boolean;

export class Resilience {
  readonly #breaker: CircuitBreakerPolicy;
  readonly #policy: IPolicy;
  readonly #options: ResilienceOptions;
  #openedAt: number | null = null;

  /** `onChange` hears the circuit open (again after a failed trial) and close. */
  constructor(isTransient: TransientTest, options: ResilienceOptions = DEFAULT_RESILIENCE, onChange?: (status: 'open' | 'closed') => void) {
    this.#options = options;
    const transient = handleWhen(isTransient);
    this.#breaker = circuitBreaker(transient, {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    this.#breaker.onBreak(() => {
      this.#openedAt = Date.now();
      onChange?.('open');
    });
    this.#breaker.onReset(() => {
      this.#openedAt = null;
      onChange?.('closed');
    });
    const retries = retry(transient, {
      maxAttempts: options.attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: options.backoffInitialMs, maxDelay: options.backoffMaxMs }),
    });
    this.#policy = wrap(retries, this.#breaker);
  }

  /**
   * Runs the call with retries behind the breaker. An open circuit throws GatewayUnavailable
   * (nothing was sent); the last transient failure is rethrown for the caller to classify.
   */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.#policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new GatewayUnavailable('The payment gateway is failing; calls are paused for a moment.', { outcomeUnknown: false, circuitOpen: true, cause: error });
      }
      throw error;
    }
  }

  /** The breaker's state; an open circuit whose pause is over lets the next call through. */
  circuit(): { status: CircuitStatus; retryAt: Date | null } {
    switch (this.#breaker.state) {
      case CircuitState.Closed:
        return { status: 'closed', retryAt: null };
      case CircuitState.HalfOpen:
        return { status: 'half-open', retryAt: null };
      default: {
        const retryAt = this.#openedAt === null ? null : new Date(this.#openedAt + this.#options.halfOpenAfterMs);
        return { status: retryAt && retryAt.getTime() <= Date.now() ? 'half-open' : 'open', retryAt };
      }
    }
  }
}
