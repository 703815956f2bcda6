// The HTTP baseline: how many simple pages per second the whole store serves on this machine,
// next to a bare Fastify hello-world on the same Node, measured in one run.
//
//   npm run bench:http
//
// The store runs exactly as `npm start` runs it (worker and info logging on, logs written to
// a file) on its own temporary DATA_DIR with the demo data. The servers run one at a time so
// neither steals CPU from the other. The machine has 2 cores shared by server and load
// generator, so absolute figures are a floor; the ratio is the figure to watch.
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  CONNECTIONS,
  installGuards,
  log,
  MEASURE_SECONDS,
  measure,
  measureHelloWorld,
  printRatios,
  printTable,
  rssMiB,
  startStore,
  stopServer,
  tempDir,
  WARMUP_SECONDS,
  type Row,
} from './support/harness.ts';

const done = installGuards(300);
try {
  const dir = tempDir();
  console.log(
    `HTTP baseline on ${cpus().length} CPU(s) (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ` +
      `autocannon ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s, only 2xx counted`,
  );
  const hello = await measureHelloWorld(dir);
  log('starting the store (npm start shape, DEMO_DATA=true)');
  const store = await startStore(dir, 'store', { DATA_DIR: join(dir, 'data'), DEMO_DATA: 'true' });
  const rows: Row[] = [];
  for (const path of ['/healthz', '/']) {
    const result = await measure(`${store.baseUrl}${path}`);
    rows.push({ label: `store  GET ${path}`, result, rss: rssMiB(store.child.pid) });
  }
  const logBytes = statSync(store.logFile).size;
  await stopServer(store);
  console.log('');
  printTable([hello, ...rows]);
  console.log('');
  printRatios(hello, rows);
  console.log(`store log written during the run: ${(logBytes / 1024).toFixed(0)} KiB (info level, to a file)`);
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  done();
  process.exit();
}
