// GET /live?topics=stock:<id>,…: one server-sent-events stream per browser tab. Each message
// is `data: {"topic": …, "data": …}`; `event: resync` says messages may have been missed
// (refetch everything). A comment every 25 s keeps proxies from closing an idle stream; the
// `retry:` field tells the browser how long to wait before reconnecting by itself.
import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import type { App } from '../http/app.ts';
import { Problem } from '../http/problem.ts';
import type { Live } from './live.ts';

export const LIVE_PATH = '/live';
export const MAX_TOPICS = 50;

export interface LiveRouteOptions {
  /** Streams one process keeps open at once; more are refused with 503 (the page still works). */
  maxStreams?: number;
  heartbeatMs?: number;
  /** How long a browser waits before reconnecting a dropped stream. */
  retryMs?: number;
  /** How long a new stream waits for the process to be listening before it is refused. */
  readyTimeoutMs?: number;
}

/** A stream whose reader stopped reading is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 64 * 1024;

const Query = Type.Object({ topics: Type.String({ minLength: 1, maxLength: MAX_TOPICS * 60, description: 'Comma-separated topics, e.g. stock:<variant id>.' }) });

export function registerLiveRoutes(app: App, live: Live, options: LiveRouteOptions = {}): void {
  const { maxStreams = 1000, heartbeatMs = 25_000, retryMs = 5000, readyTimeoutMs = 5000 } = options;
  const open = new Set<() => void>();
  let reserved = 0;

  // An open stream never ends by itself: close them all so shutdown does not wait for them.
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });

  app.get<{ Querystring: { topics: string } }>(
    LIVE_PATH,
    { config: { access: 'public' }, compress: false, exposeHeadRoute: false, schema: { querystring: Query } },
    async (request, reply) => {
      const topics = parseTopics(live, request.query.topics);
      if (reserved >= maxStreams) throw busy();
      reserved++;
      try {
        await withTimeout(live.ready(), readyTimeoutMs);
      } catch {
        reserved--;
        throw busy();
      }

      const stream = new PassThrough();
      const write = (chunk: string) => {
        if (stream.writableLength > MAX_BUFFERED_BYTES) close();
        else stream.write(chunk);
      };
      const unsubscribe = [
        ...topics.map((topic) => live.subscribe(topic, (data) => write(`data: ${JSON.stringify({ topic, data })}\n\n`))),
        live.onGap(() => write('event: resync\ndata: {}\n\n')),
      ];
      const heartbeat = setInterval(() => write(': keep-alive\n\n'), heartbeatMs);
      heartbeat.unref();
      let closed = false;
      function close() {
        if (closed) return;
        closed = true;
        reserved--;
        open.delete(close);
        clearInterval(heartbeat);
        for (const stop of unsubscribe) stop();
        stream.end();
      }
      open.add(close);
      reply.raw.on('close', close);

      stream.write(`retry: ${retryMs}\n: listening\n\n`);
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
}

function parseTopics(live: Live, given: string): string[] {
  const topics = [...new Set(given.split(',').map((t) => t.trim()).filter(Boolean))];
  if (topics.length === 0 || topics.length > MAX_TOPICS) {
    throw new Problem({ status: 400, type: 'validation', title: 'Some of the input is not valid', detail: `Follow 1 to ${MAX_TOPICS} topics.` });
  }
  const unknown = topics.find((topic) => !live.isPublic(topic));
  if (unknown !== undefined) {
    throw new Problem({ status: 400, type: 'validation', title: 'Some of the input is not valid', detail: `${unknown.slice(0, 100)} is not a topic you can follow.` });
  }
  return topics;
}

function busy(): Problem {
  return new Problem({
    status: 503,
    type: 'live-unavailable',
    title: 'Live updates are not available right now',
    detail: 'The page works as it is; reload it for the latest figures.',
    headers: { 'retry-after': '30' },
  });
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
