import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetrics, type QueueDepth } from './metrics.ts';

describe('job queue metrics', () => {
  it('shows every queue gauge from the same read, in the same scrape', async () => {
    const metrics = createMetrics();
    let reads = 0;
    let depth: QueueDepth = { queue: 'q', waiting: 2, scheduled: 3, active: 1, failed: 4, oldestWaitingSeconds: 5 };
    metrics.setQueueDepthSource(async () => {
      reads++;
      return [depth];
    });
    const scrape = async () => Object.fromEntries([...(await metrics.registry.metrics()).matchAll(/^(job_queue_\w+)\{queue="q"\} (\S+)$/gm)].map((m) => [m[1], Number(m[2])]));
    const expected = (d: QueueDepth) => ({
      job_queue_waiting: d.waiting,
      job_queue_scheduled: d.scheduled,
      job_queue_active: d.active,
      job_queue_dead_letters: d.failed,
      job_queue_oldest_waiting_seconds: d.oldestWaitingSeconds,
    });
    assert.deepEqual(await scrape(), expected(depth));
    assert.equal(reads, 1, 'one read for the five gauges');
    depth = { queue: 'q', waiting: 0, scheduled: 1, active: 0, failed: 4, oldestWaitingSeconds: 0 };
    assert.deepEqual(await scrape(), expected(depth), 'the next scrape reads again');
    assert.equal(reads, 2);
  });
});
