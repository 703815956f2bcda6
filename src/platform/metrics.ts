// Prometheus metrics: request rate and latency by route, event-queue depth and age, job
// failures. Served at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueDepth {
  queue: string;
  /** Due now and not started. */
  waiting: number;
  /** Sent for a later start, or resting before a retry. */
  scheduled: number;
  active: number;
  failed: number;
  oldestWaitingSeconds: number;
}

export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  jobFailed(queue: string): void;
  /** Set once the job system exists; read on every scrape. */
  setQueueDepthSource(source: () => Promise<QueueDepth[]>): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const failures = new Counter({ name: 'job_failures_total', help: 'Failed job attempts by queue', labelNames: ['queue'], registers: [registry] });
  let depthSource: (() => Promise<QueueDepth[]>) | undefined;
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['queue'], registers: [registry] });
  // Registered first, so its collect fills the other queue gauges before they are read.
  const waiting = new Gauge({
    name: 'job_queue_waiting',
    help: 'Jobs due and waiting per queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      if (!depthSource) return;
      const depths = await depthSource().catch(() => []);
      for (const g of [this, scheduled, active, dead, oldest]) g.reset();
      for (const q of depths) {
        this.set({ queue: q.queue }, q.waiting);
        scheduled.set({ queue: q.queue }, q.scheduled);
        active.set({ queue: q.queue }, q.active);
        dead.set({ queue: q.queue }, q.failed);
        oldest.set({ queue: q.queue }, q.oldestWaitingSeconds);
      }
    },
  });
  const scheduled = gauge('job_queue_scheduled', 'Jobs waiting for a later start (sent for later, or before a retry) per queue');
  const active = gauge('job_queue_active', 'Jobs running per queue');
  const dead = gauge('job_queue_dead_letters', 'Jobs that used up their retries, per queue');
  const oldest = gauge('job_queue_oldest_waiting_seconds', 'Age of the oldest waiting job per queue');
  void waiting;
  return {
    registry,
    observeRequest: (method, route, status, seconds) => duration.observe({ method, route, status: String(status) }, seconds),
    jobFailed: (queue) => failures.inc({ queue }),
    setQueueDepthSource: (source) => {
      depthSource = source;
    },
  };
}
