// Starting delivery once emails are committed. In a worker process the sender runs right here
// after the commit (one run at a time; emails committed during a run get one more run), so a
// burst of events costs no job per email and no lock shared by every handler. A process that
// runs no jobs asks a worker through the job queue instead. Either way, the minute's sweep
// and the start-up run catch whatever a crash between commit and kick left behind.
import type { Platform } from '../../../platform/platform.ts';
import { deliverDue } from './deliver.ts';
import { DELIVER_QUEUE } from './names.ts';

interface Runner {
  running: boolean;
  again: boolean;
  /** A request to the job queue is on its way: the commits of this moment share it. */
  asking: boolean;
}

const runners = new WeakMap<Platform, Runner>();

async function run(platform: Platform, runner: Runner): Promise<void> {
  runner.running = true;
  try {
    do {
      runner.again = false;
      try {
        await deliverDue(platform);
      } catch (error) {
        platform.log.error({ err: error }, 'email delivery run failed; the next sweep tries again');
      }
    } while (runner.again);
  } finally {
    runner.running = false;
  }
}

/** Call inside the transaction that queued emails: delivery starts once it commits. */
export function kickDelivery(platform: Platform): void {
  platform.database.afterCommit(() => {
    let runner = runners.get(platform);
    if (!runner) {
      runner = { running: false, again: false, asking: false };
      runners.set(platform, runner);
    }
    if (!platform.config.worker) {
      if (runner.asking) return;
      runner.asking = true;
      setImmediate(() => {
        runner.asking = false;
        platform.jobs.send(platform.database.db, DELIVER_QUEUE, {}, { singletonKey: 'deliver' }).catch((error: unknown) => platform.log.warn({ err: error }, 'could not ask a worker to send emails; the sweep will'));
      });
      return;
    }
    if (runner.running) {
      runner.again = true;
      return;
    }
    void run(platform, runner);
  });
}
