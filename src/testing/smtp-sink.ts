// A real SMTP server for tests and benchmarks (the `smtp-server` package), keeping what it
// receives parsed with `mailparser`, the way a recipient's mail server and mail program would
// see it. It can refuse chosen recipients (550: no such user) and be stopped and started
// again on the same port to play a mail server that is down.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Envelope recipients answered with 550 5.1.1. */
  refuse: Set<string>;
  /** Messages still being parsed: await before reading `received`. */
  settled(): Promise<void>;
  stop(): Promise<void>;
  /** Starts again on the same port after `stop()`. */
  restart(): Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  /** Skip parsing (benchmarks count messages, they do not read them). */
  parse?: boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const pending = new Set<Promise<void>>();
  const parse = options.parse ?? true;
  let server: SMTPServer;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        // Stopping drops the client's pooled connections at once instead of waiting 30 s for them.
        closeTimeout: 50,
        size: 10 * 1024 * 1024,
        onRcptTo(address, _session, callback) {
          if (refuse.has(address.address.toLowerCase())) {
            const error = new Error('5.1.1 No such user here') as Error & { responseCode: number };
            error.responseCode = 550;
            callback(error);
            return;
          }
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            if (!parse) {
              received.push({ to, raw, parsed: undefined as unknown as ParsedMail });
              callback();
              return;
            }
            const work = simpleParser(raw).then((parsed) => void received.push({ to, raw, parsed }));
            pending.add(work);
            void work.finally(() => pending.delete(work));
            callback();
          });
        },
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
    });

  const port = await listen(options.port ?? 0);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse,
    async settled() {
      await Promise.all([...pending]);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
    async restart() {
      await listen(port);
    },
  };
}
