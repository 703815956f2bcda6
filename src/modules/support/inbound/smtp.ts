// The built-in SMTP listener (smtp-server): the store as the desk's own mail server, for a
// local MX or a relay that forwards the support address to it. It starts only when
// INBOUND_SMTP_PORT is set. It takes mail for the inbound domains only (550 for any other
// recipient, so it is never an open relay), announces the size limit (SIZE) and refuses a
// larger message with 552 (recorded), needs no login (it is an MX, not a submission server)
// but bounds each connection: a number of messages, of recipients per message, and a pace.
// A message is answered 250 only once it is stored; a fault while storing answers 451, so
// the sending server tries again later (the Message-ID keeps a retry from counting twice).
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Platform } from '../../../platform/platform.ts';
import { ingestEmail, recordRefused, type InboundDelivery, type IngestResult } from './ingest.ts';

/** Per connection: at most this many messages, then 421 and the connection ends. */
export const MESSAGES_PER_CONNECTION = 100;
export const RECIPIENTS_PER_MESSAGE = 20;
/** Per connection: at most this many messages in any 10 seconds (a burst from one sender waits its turn). */
export const MESSAGES_PER_10_SECONDS = 50;

type SmtpError = Error & { responseCode: number };
const smtpError = (responseCode: number, message: string): SmtpError => Object.assign(new Error(message), { responseCode });

export interface InboundSmtp {
  listen(): Promise<void>;
  close(): Promise<void>;
  /** The port it listens on, once listening (INBOUND_SMTP_PORT=0 takes any free one). */
  port(): number | null;
}

export function createInboundSmtp(platform: Platform): InboundSmtp {
  const settings = platform.config.inboundEmail;
  const domains = new Set(settings.domains);
  /** Per session: when each of its messages began. */
  const sessions = new Map<string, number[]>();
  let listening = false;

  /** Records the refusal, then fails with 552. */
  const tooLarge = (delivery: InboundDelivery, size: number, how: string): Promise<never> =>
    recordRefused(platform, delivery, { size, reason: `Larger than ${settings.maxBytes} bytes${how}` }).then(() => {
      throw smtpError(552, `Message too large: the limit is ${settings.maxBytes} bytes`);
    });

  /** 250 once stored; a refusal as its code (550 for a message without a usable sender); any fault 451, so the sender retries. */
  function answer(session: SMTPServerSession, work: Promise<IngestResult>, callback: (error?: Error | null, message?: string) => void): void {
    work.then(
      (result) => (result.outcome === 'refused' ? callback(smtpError(550, `Not taken: ${result.detail}`)) : callback(null, `Received${result.ticketNumber ? ` for ${result.ticketNumber}` : ''}`)),
      (error: Error) => {
        if ('responseCode' in error) return callback(error);
        platform.log.error({ err: error, session: session.id }, 'inbound email not stored');
        callback(smtpError(451, 'Could not store the message now: try again later'));
      },
    );
  }

  const server = new SMTPServer({
    name: new URL(platform.config.baseUrl).hostname,
    banner: 'Doorstep support desk',
    size: settings.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    maxClients: 50,
    socketTimeout: 60_000,
    logger: false,
    onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const now = platform.clock.now().getTime();
      const started = sessions.get(session.id) ?? [];
      if (started.length >= MESSAGES_PER_CONNECTION) return callback(smtpError(421, `Too many messages on one connection (${MESSAGES_PER_CONNECTION}): connect again`));
      const recent = started.filter((at) => now - at < 10_000);
      if (recent.length >= MESSAGES_PER_10_SECONDS) return callback(smtpError(451, 'Sending too fast on this connection: try again in a few seconds'));
      const declared = address.args ? Number(address.args.SIZE ?? 0) : 0;
      sessions.set(session.id, [...started, now]);
      if (declared <= settings.maxBytes) return callback();
      // Refused on the sender's word, before the bytes: recorded all the same.
      answer(session, tooLarge({ via: 'smtp', envelopeFrom: address.address }, declared, ' (declared SIZE)'), callback);
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (!domains.has(domain)) return callback(smtpError(550, `No such mailbox here: this server takes mail for ${[...domains].join(', ')} only`));
      if (session.envelope.rcptTo.length >= RECIPIENTS_PER_MESSAGE) return callback(smtpError(452, `Too many recipients (${RECIPIENTS_PER_MESSAGE})`));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit the rest is only counted, never held.
        if (size <= settings.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        const delivery = { via: 'smtp' as const, envelopeFrom: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address };
        answer(session, stream.sizeExceeded ? tooLarge(delivery, size, '') : ingestEmail(platform, Buffer.concat(chunks), delivery), callback);
      });
    },
    onClose(session: SMTPServerSession) {
      sessions.delete(session.id);
    },
  });
  server.on('error', (error) => platform.log.error({ err: error }, 'inbound SMTP listener error'));

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(settings.smtpPort, settings.smtpHost, () => {
          server.server.off('error', reject);
          listening = true;
          platform.log.info({ port: (server.server.address() as { port: number }).port, host: settings.smtpHost, domains: settings.domains }, 'inbound SMTP listener started');
          resolve();
        });
      }),
    close: () => (listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve()),
    port: () => (listening ? (server.server.address() as { port: number }).port : null),
  };
}
