// The shared secret a mail provider sends with what it posts to the store's email webhooks:
// bounce and complaint reports (notifications) and inbound mail (the support desk). One secret,
// one header, so a provider is set up once for both.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { sessionSecret } from '../platform.ts';

/** The header the mail provider sends the shared secret in. */
export const EMAIL_WEBHOOK_SECRET_HEADER = 'doorstep-webhook-secret';

/** EMAIL_WEBHOOK_SECRET, or one derived from the session secret (the embedded default). */
export function emailWebhookSecret(config: Config): string {
  return config.emailWebhookSecret ?? createHmac('sha256', sessionSecret(config)).update('doorstep email webhooks: shared secret').digest('hex');
}

/** Compares digests, so neither the length nor the content leaks through timing. */
export function isEmailWebhookSecret(config: Config, given: string | undefined): boolean {
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(emailWebhookSecret(config)));
}
