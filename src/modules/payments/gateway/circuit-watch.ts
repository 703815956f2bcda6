// Who hears the gateway's circuit breaker open and close: the status page opens and resolves
// an incident, checkout offers "pay by link when we're back". An open circuit only lets a
// trial call through when someone calls, and checkout stops calling while it is open, so
// the watch makes that trial itself once the pause is over (a read of an intent that does not
// exist: an answer, even "no such intent", proves the gateway is back and closes the circuit).
import { AsyncResource } from 'node:async_hooks';
import type { Platform } from '../../../platform/platform.ts';
import type { StripeGateway } from './stripe-gateway.ts';

export type CircuitListener = (status: 'open' | 'closed') => void | Promise<void>;

interface Watch {
  listeners: CircuitListener[];
  trial: NodeJS.Timeout | null;
  gateway: () => StripeGateway | null;
  /**
   * Runs a listener in the context the watch was set up in (the store's start), not in the
   * failing call's: that call may be inside someone's transaction, and a listener's own
   * transaction must not be taken for a use of the outer handle inside it.
   */
  detached: (run: () => void) => void;
  /**
   * The changes told so far, one after the other: a close must never be handled before the
   * open it follows, or the status page would resolve an incident and then open it again.
   */
  told: Promise<void>;
}

const watches = new WeakMap<Platform, Watch>();

function watchOf(platform: Platform): Watch {
  let watch = watches.get(platform);
  if (!watch) {
    watch = { listeners: [], trial: null, gateway: () => null, detached: (run) => run(), told: Promise.resolve() };
    watches.set(platform, watch);
  }
  return watch;
}

export function onGatewayCircuitChange(platform: Platform, listener: CircuitListener): void {
  watchOf(platform).listeners.push(listener);
}

/** Tells the store's gateway adapter of the moment (set when the runtime starts or is rebuilt). */
export function watchGateway(platform: Platform, gateway: () => StripeGateway | null): void {
  const watch = watchOf(platform);
  watch.gateway = gateway;
  watch.detached = AsyncResource.bind((run: () => void) => run());
}

const PROBE_INTENT = 'pi_doorstep_circuit_trial';

function scheduleTrial(platform: Platform, watch: Watch): void {
  const gateway = watch.gateway();
  const retryAt = gateway?.circuit().retryAt;
  if (!gateway || !retryAt || watch.trial) return;
  watch.trial = setTimeout(
    () => {
      watch.trial = null;
      const current = watch.gateway();
      if (!current || current.circuit().status === 'closed') return;
      // Any outcome is fine here: success closes the circuit (and the listeners hear it); a
      // failure opens it again, which schedules the next trial.
      current.retrieveIntent(PROBE_INTENT).catch(() => undefined);
    },
    Math.max(0, retryAt.getTime() - Date.now()) + 50,
  );
  watch.trial.unref();
}

/** Called by the adapter's breaker: tells the listeners, and plans the trial call of an open circuit. */
export function circuitChanged(platform: Platform, status: 'open' | 'closed'): void {
  const watch = watchOf(platform);
  if (status === 'open') scheduleTrial(platform, watch);
  watch.detached(() => {
    watch.told = watch.told.then(() =>
      Promise.all(
        watch.listeners.map((listener) =>
          Promise.resolve()
            .then(() => listener(status))
            .catch((error: unknown) => platform.log.error({ err: error, status }, 'a payment gateway circuit listener failed')),
        ),
      ).then(() => undefined),
    );
  });
}

/** Stops a planned trial (the store is stopping). */
export function stopWatching(platform: Platform): void {
  const watch = watches.get(platform);
  if (watch?.trial) clearTimeout(watch.trial);
  if (watch) watch.trial = null;
}
