// Reads a server-sent-events stream from a store listening on a real port (inject() waits
// for a response to end, which a stream never does). Plain node:http, one connection per
// stream, destroyed on close as a browser's EventSource.close() does.
import { request, type IncomingHttpHeaders } from 'node:http';
import type { TestStore } from './store.ts';

export interface SseEvent {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next event (comments and the retry hint are skipped); rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** The raw text received so far. */
  readonly text: string;
  close(): void;
}

/** Starts the store's HTTP server on a free loopback port (once) and returns its origin. */
export async function listening(store: Pick<TestStore, 'app'>): Promise<string> {
  if (!store.app.server.listening) await store.app.listen({ port: 0, host: '127.0.0.1' });
  const bound = store.app.server.address();
  if (!bound || typeof bound !== 'object') throw new Error('the store is not listening');
  return `http://127.0.0.1:${bound.port}`;
}

export function openSse(url: string): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      const queue: SseEvent[] = [];
      const waiting: ((event: SseEvent) => void)[] = [];
      let text = '';
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((line) => !line.startsWith(':'));
          const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
          if (data.length === 0) continue;
          const event = { event: lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message', data: data.join('\n') };
          const waiter = waiting.shift();
          if (waiter) waiter(event);
          else queue.push(event);
        }
      });
      response.on('error', () => {});
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        get text() {
          return text;
        },
        next(timeoutMs = 5000) {
          const queued = queue.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((resolveEvent, rejectEvent) => {
            const deliver = (event: SseEvent) => {
              clearTimeout(timer);
              resolveEvent(event);
            };
            const timer = setTimeout(() => {
              waiting.splice(waiting.indexOf(deliver), 1);
              rejectEvent(new Error(`no event within ${timeoutMs} ms; received so far: ${JSON.stringify(text)}`));
            }, timeoutMs);
            waiting.push(deliver);
          });
        },
        close() {
          outgoing.destroy();
        },
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
