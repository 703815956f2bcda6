// What each address agreed to receive beyond transactional mail, and the signed links that
// let the reader change it without signing in (the preference centre and RFC 8058's
// one-click unsubscribe). A link names the address it is for; nothing else is needed.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import { emailPreferences } from '../schema.ts';

export const EMAIL_TOPICS = ['recommendations', 'announcements'] as const;
export type EmailTopic = (typeof EMAIL_TOPICS)[number];

export type Preferences = Record<EmailTopic, boolean>;

/** Suggestions in order emails and service announcements are on until the reader says no. */
export const DEFAULT_PREFERENCES: Preferences = { recommendations: true, announcements: true };

const PREFERENCES_PURPOSE = 'email-preferences';
/** Links in old emails keep working for a long time: unsubscribing must never fail for age. */
const LINK_LIFETIME_MS = 5 * 365 * 24 * 3600 * 1000;

export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

export async function preferencesOf(db: Db, address: string): Promise<Preferences> {
  const [row] = await db.select().from(emailPreferences).where(eq(emailPreferences.address, normalizeAddress(address)));
  return row ? { recommendations: row.recommendations, announcements: row.announcements } : { ...DEFAULT_PREFERENCES };
}

export async function savePreferences(db: Db, address: string, preferences: Preferences, now: Date): Promise<void> {
  const values = { ...preferences, updatedAt: now };
  await db
    .insert(emailPreferences)
    .values({ address: normalizeAddress(address), ...values })
    .onConflictDoUpdate({ target: emailPreferences.address, set: values });
}

export function preferencesToken(platform: Platform, address: string): string {
  return platform.signer.sign(PREFERENCES_PURPOSE, { a: normalizeAddress(address) }, new Date(platform.clock.now().getTime() + LINK_LIFETIME_MS));
}

/** The address a preference link was made for, or null when the token is forged or expired. */
export function addressOfToken(platform: Platform, token: string): string | null {
  return platform.signer.verify<{ a: string }>(PREFERENCES_PURPOSE, token)?.a ?? null;
}

export function preferencesUrl(platform: Platform, address: string): string {
  return `${platform.config.baseUrl}/email/preferences?token=${encodeURIComponent(preferencesToken(platform, address))}`;
}

/** The RFC 8058 target: a POST to it (no body needed beyond List-Unsubscribe=One-Click) turns the topic off. */
export function unsubscribeUrl(platform: Platform, address: string, topic: EmailTopic): string {
  return `${platform.config.baseUrl}/email/unsubscribe?topic=${topic}&token=${encodeURIComponent(preferencesToken(platform, address))}`;
}
