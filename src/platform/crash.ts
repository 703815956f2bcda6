// Crash points for the crash tests: at a named moment (e.g. an order recorded but the gateway
// not yet called) the process kills itself with SIGKILL, as a power cut or an OOM kill would,
// when CRASH_AT names that point. Unset, as in any real deployment, a crash point does nothing.
import type { Config } from '../config.ts';

export const CRASH_POINTS = [
  /** Placing an order: recorded and committed, the gateway not yet asked for the intent. */
  'place-order:before-gateway',
  /** Placing an order: the intent created at the gateway, the answer not yet sent to the buyer. */
  'place-order:before-response',
  /** Recording a payment: the gateway says it is paid, our database does not know yet. */
  'payment:before-record',
  /** Sending an email: claimed for sending, not yet handed to the mail server. */
  'email:before-handoff',
  /** Sending an email: accepted by the mail server, not yet marked sent in our database. */
  'email:after-handoff',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export function crashPoint(config: Pick<Config, 'crashAt'>, point: CrashPoint): void {
  if (config.crashAt !== point) return;
  process.stderr.write(`CRASH_AT=${point}: killing the process\n`);
  process.kill(process.pid, 'SIGKILL');
}
