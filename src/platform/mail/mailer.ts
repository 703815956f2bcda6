// Outgoing mail transport: SMTP through nodemailer when SMTP_URL is set, otherwise the
// built-in dev mailbox (a table the admin can read). Callers give a Message-ID so that a
// retried send of the same message is recognisable as the same message.
import { desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { devMailbox } from './schema.ts';

export interface OutgoingMail {
  /** "Name <address>"; the store's default sender when absent. */
  from?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** `<unique@domain>`; generated when absent. */
  messageId?: string;
  headers?: Record<string, string>;
  replyTo?: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'dev-mailbox';
  /**
   * Resolves once the message is accepted by the server (or stored in the dev mailbox).
   * Inside a transaction (an event handler), pass its handle: the dev mailbox then writes
   * through it, as the outer handle may not be used while the transaction is open.
   */
  send(mail: OutgoingMail, db?: Db): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  from: string;
  domain: string;
  db: Db;
  clock: Clock;
}

export function createMailer(options: MailerOptions): Mailer {
  const messageIdFor = (mail: OutgoingMail) => mail.messageId ?? `<${newId()}@${options.domain}>`;
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(pooled(options.smtpUrl));
    return {
      kind: 'smtp',
      async send(mail) {
        const messageId = messageIdFor(mail);
        await transport.sendMail({
          from: mail.from ?? options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          messageId,
          headers: mail.headers ?? {},
        });
        return { messageId };
      },
      close: () => transport.close(),
    };
  }
  return {
    kind: 'dev-mailbox',
    async send(mail, db = options.db) {
      const messageId = messageIdFor(mail);
      await db
        .insert(devMailbox)
        .values({
          id: newId(),
          messageId,
          from: mail.from ?? options.from,
          to: mail.to.trim().toLowerCase(),
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? null,
          headers: {
            ...(mail.headers ?? {}),
            ...(mail.replyTo ? { 'Reply-To': mail.replyTo } : {}),
          },
          sentAt: options.clock.now(),
        })
        .onConflictDoNothing({ target: devMailbox.messageId });
      return { messageId };
    },
    close: () => {},
  };
}

/**
 * Keeps a few connections open and reuses them (nodemailer's pool), unless the URL says
 * otherwise with `?pool=false`: one TCP and TLS handshake per email would cap the send rate.
 */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
  return url.toString();
}

/** The dev mailbox, newest first, optionally for one recipient. */
export async function readDevMailbox(db: Db, to?: string, limit = 50) {
  return db
    .select()
    .from(devMailbox)
    .where(to ? eq(devMailbox.to, to.trim().toLowerCase()) : undefined)
    .orderBy(desc(devMailbox.sentAt))
    .limit(limit);
}

/** One message of the dev mailbox, or null. */
export async function devMailboxMessage(db: Db, id: string) {
  const [message] = await db.select().from(devMailbox).where(eq(devMailbox.id, id));
  return message ?? null;
}
