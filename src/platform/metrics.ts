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
  // The registry asks every metric at once, so each queue gauge collects for itself, from one
  // read shared by the scrape (a gauge filled by another's collect would show the scrape before).
  let reading: Promise<QueueDepth[]> | undefined;
  const depths = (): Promise<QueueDepth[]> => {
    if (!reading) {
      const read = (reading = depthSource ? depthSource().catch(() => []) : Promise.resolve([]));
      void read.then(() => {
        if (reading === read) reading = undefined;
      });
    }
    return reading;
  };
  const queueGauge = (name: string, help: string, value: (depth: QueueDepth) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const found = await depths();
        this.reset();
        for (const depth of found) this.set({ queue: depth.queue }, value(depth));
      },
    });
  queueGauge('job_queue_waiting', 'Jobs due and waiting per queue', (d) => d.waiting);
  queueGauge('job_queue_scheduled', 'Jobs waiting for a later start (sent for later, or before a retry) per queue', (d) => d.scheduled);
  queueGauge('job_queue_active', 'Jobs running per queue', (d) => d.active);
  queueGauge('job_queue_dead_letters', 'Jobs that used up their retries, per queue', (d) => d.failed);
  queueGauge('job_queue_oldest_waiting_seconds', 'How long the longest-due waiting job has waited, per queue', (d) => d.oldestWaitingSeconds);
  return {
    registry,
    observeRequest: (method, route, status, seconds) => duration.observe({ method, route, status: String(status) }, seconds),
    jobFailed: (queue) => failures.inc({ queue }),
    setQueueDepthSource: (source) => {
      depthSource = source;
    },
  };
}
