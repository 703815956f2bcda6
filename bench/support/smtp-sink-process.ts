// The benchmark's mail server in a process of its own, so that receiving does not share the
// sender's CPU: prints "listening <port>" once ready; on SIGTERM prints how many messages and
// distinct Message-IDs it received, then exits.
import { startSmtpSink } from '../../src/testing/smtp-sink.ts';

const sink = await startSmtpSink({ parse: false });
process.stdout.write(`listening ${sink.port}\n`);
process.on('SIGTERM', () => {
  const ids = new Set(sink.received.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]));
  process.stdout.write(`received ${sink.received.length} distinct ${ids.size}\n`);
  void sink.stop().then(() => process.exit(0));
});
