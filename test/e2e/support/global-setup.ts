// Runs once per browser-test run: makes the demo store every file starts from. A store that
// loads the demo catalogue spends some 18 s of CPU before it listens and as much again on the
// follow-up jobs (availability, listings, search), and the files start ten of them, two at a
// time, beside the other suites. So one store loads it here, runs until its jobs are done and
// stops; each demo store then starts on a copy of its data directory, as a store restarted on
// the same data does. Not on PostgreSQL (E2E_DATABASE_URL): there each store loads its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TEMPLATE_ENV, firstOutputOf, startStore } from './server.ts';

/** The sum of a gauge's values over its labels in a Prometheus text page. */
function gaugeSum(page: string, name: string): number {
  let sum = 0;
  for (const line of page.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

/** Waits until no job is due or running, twice in a row (a job's end may queue the next). */
async function jobsSettled(baseUrl: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error(`the demo store's jobs were still running after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const page = await (await fetch(`${baseUrl}/metrics`)).text();
    quiet = gaugeSum(page, 'job_queue_waiting') + gaugeSum(page, 'job_queue_active') === 0 ? quiet + 1 : 0;
  }
}

let template: string | undefined;

export async function globalSetup(): Promise<void> {
  if (process.env.E2E_DATABASE_URL) return;
  template = mkdtempSync(join(tmpdir(), 'doorstep-e2e-demo-'));
  const store = await startStore({ demoData: true, dataDir: template });
  try {
    await jobsSettled(store.baseUrl);
  } finally {
    await store.stop();
  }
  // The demo staff accounts are printed once, when they are made: the copies inherit them.
  writeFileSync(firstOutputOf(template), store.output());
  process.env[DEMO_TEMPLATE_ENV] = template;
}

export function globalTeardown(): void {
  if (!template) return;
  rmSync(template, { recursive: true, force: true });
  rmSync(firstOutputOf(template), { force: true });
}
