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
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      kind: 'smtp',
      async send(mail) {
        const messageId = messageIdFor(mail);
        await transport.sendMail({
          from: options.from,
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
          from: options.from,
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

/** The dev mailbox, newest first, optionally for one recipient. */
export async function readDevMailbox(db: Db, to?: string, limit = 50) {
  return db
    .select()
    .from(devMailbox)
    .where(to ? eq(devMailbox.to, to.trim().toLowerCase()) : undefined)
    .orderBy(desc(devMailbox.sentAt))
    .limit(limit);
}
