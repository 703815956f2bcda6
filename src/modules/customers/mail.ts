// The emails the customers module sends, each from an event handler. Handlers run inside
// the outbox transaction and pass it to the mailer, so on the dev mailbox a retried delivery
// never stores the message twice.
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import type { Platform } from '../../platform/platform.ts';
import { customerAccounts, customers } from './schema.ts';
import { RESET_LINK_TTL_MS, resetTokenFor } from './service.ts';

/** A Message-ID derived from the event, so a redelivered event yields the same message. */
function messageIdFor(
  platform: Platform,
  event: DomainEvent<{ customerId: string }>,
  what: string,
) {
  return `<${what}.${event.id}@${new URL(platform.config.baseUrl).hostname}>`;
}

export async function sendWelcomeEmail(
  platform: Platform,
  event: DomainEvent<{ customerId: string }>,
  tx: Db,
): Promise<void> {
  const [customer] = await tx
    .select({ email: customers.email, name: customers.name })
    .from(customers)
    .where(eq(customers.id, event.payload.customerId));
  if (!customer) return;
  const accountUrl = `${platform.config.baseUrl}/account`;
  const greeting = customer.name ? `Hello ${customer.name},` : 'Hello,';
  await platform.mailer.send(
    {
      to: customer.email,
      subject: 'Welcome to Doorstep',
      messageId: messageIdFor(platform, event, 'welcome'),
      text: [
        greeting,
        '',
        'Your Doorstep account is ready. You can see your details and, once you have ordered, every order and where it stands at:',
        accountUrl,
        '',
        'If you did not create this account, reply to this email and we will look into it.',
        '',
        '— Doorstep',
      ].join('\n'),
      html: `<p>${escapeHtml(greeting)}</p><p>Your Doorstep account is ready. You can see your details and, once you have ordered, every order and where it stands on <a href="${escapeHtml(accountUrl)}">your account page</a>.</p><p>If you did not create this account, reply to this email and we will look into it.</p><p>— Doorstep</p>`,
    },
    tx,
  );
}

export async function sendPasswordResetEmail(
  platform: Platform,
  event: DomainEvent<{ customerId: string }>,
  tx: Db,
): Promise<void> {
  const [account] = await tx
    .select({
      email: customers.email,
      name: customers.name,
      passwordHash: customerAccounts.passwordHash,
    })
    .from(customerAccounts)
    .innerJoin(customers, eq(customers.id, customerAccounts.customerId))
    .where(eq(customerAccounts.customerId, event.payload.customerId));
  if (!account) return;
  const token = resetTokenFor(platform, event.payload.customerId, account.passwordHash);
  const link = `${platform.config.baseUrl}/account/reset/${token}`;
  const minutes = RESET_LINK_TTL_MS / 60_000;
  const greeting = account.name ? `Hello ${account.name},` : 'Hello,';
  await platform.mailer.send(
    {
      to: account.email,
      subject: 'Reset your Doorstep password',
      messageId: messageIdFor(platform, event, 'password-reset'),
      text: [
        greeting,
        '',
        'Someone (we hope you) asked to reset the password of your Doorstep account. To choose a new password, open this link:',
        link,
        '',
        `The link works once, for ${minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
        '',
        '— Doorstep',
      ].join('\n'),
      html: `<p>${escapeHtml(greeting)}</p><p>Someone (we hope you) asked to reset the password of your Doorstep account.</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>The link works once, for ${minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.</p><p>— Doorstep</p>`,
    },
    tx,
  );
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
