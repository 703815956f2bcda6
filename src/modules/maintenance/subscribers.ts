// People who asked, on the status page, to hear about planned maintenance and incidents.
// Double opt-in: the form stores an unconfirmed address and emails it a signed link whose page
// confirms with a button. The form answers the same whatever was on record, so it cannot be
// used to learn who subscribed.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeEmail } from '../customers/index.ts';
import { statusSubscriptionConfirmed, statusSubscriptionRequested } from './events.ts';
import { statusSubscribers } from './schema.ts';

export type StatusSubscriber = typeof statusSubscribers.$inferSelect;

const CONFIRM_PURPOSE = 'status-subscription-confirm';
export const CONFIRM_LINK_DAYS = 7;
const UNSUBSCRIBE_PURPOSE = 'status-subscription-stop';
/** A stop link in an old email must keep working. */
const UNSUBSCRIBE_LINK_DAYS = 5 * 365;

export const STATUS_CONFIRM_PATH = '/status/subscription/confirm';
export const STATUS_STOP_PATH = '/status/subscription/stop';

const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000);

/**
 * Records a request to subscribe and asks for confirmation: a new address, one never
 * confirmed (its link may have been lost) or one that unsubscribed gets a link; an address
 * already confirmed is left alone. The caller answers the same in every case.
 */
export async function requestSubscription(platform: Platform, tx: Db, email: string): Promise<void> {
  const address = normalizeEmail(email);
  const now = platform.clock.now();
  const [row] = await tx
    .insert(statusSubscribers)
    .values({ id: newId(), email: address, createdAt: now })
    .onConflictDoUpdate({ target: statusSubscribers.email, set: { email: address } })
    .returning();
  const subscriber = row!;
  if (subscriber.confirmedAt && !subscriber.unsubscribedAt) return;
  if (subscriber.unsubscribedAt) {
    await tx.update(statusSubscribers).set({ confirmedAt: null, unsubscribedAt: null }).where(eq(statusSubscribers.id, subscriber.id));
  }
  await platform.events.publish(tx, statusSubscriptionRequested, { subscriberId: subscriber.id });
}

export function subscriberById(db: Db, id: string): Promise<StatusSubscriber | undefined> {
  return db
    .select()
    .from(statusSubscribers)
    .where(eq(statusSubscribers.id, id))
    .then(([row]) => row);
}

export function confirmationUrl(platform: Platform, subscriber: Pick<StatusSubscriber, 'id'>): string {
  const token = platform.signer.sign(CONFIRM_PURPOSE, { s: subscriber.id }, daysFrom(platform.clock.now(), CONFIRM_LINK_DAYS));
  return `${platform.config.baseUrl}${STATUS_CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
}

export function stopUrl(platform: Platform, subscriber: Pick<StatusSubscriber, 'id'>): string {
  const token = platform.signer.sign(UNSUBSCRIBE_PURPOSE, { s: subscriber.id }, daysFrom(platform.clock.now(), UNSUBSCRIBE_LINK_DAYS));
  return `${platform.config.baseUrl}${STATUS_STOP_PATH}?token=${encodeURIComponent(token)}`;
}

async function subscriberOfToken(platform: Platform, db: Db, purpose: string, token: string): Promise<StatusSubscriber | null> {
  const id = platform.signer.verify<{ s: string }>(purpose, token)?.s;
  return (id && (await subscriberById(db, id))) || null;
}

/** The subscriber a confirmation link names, or null for a forged or expired one. */
export function subscriberToConfirm(platform: Platform, db: Db, token: string): Promise<StatusSubscriber | null> {
  return subscriberOfToken(platform, db, CONFIRM_PURPOSE, token);
}

/** The subscriber a stop link names, or null for a forged one. */
export function subscriberToStop(platform: Platform, db: Db, token: string): Promise<StatusSubscriber | null> {
  return subscriberOfToken(platform, db, UNSUBSCRIBE_PURPOSE, token);
}

/**
 * The reader turned announcements off from an email (the preference centre or one-click
 * unsubscribe): their status subscription stops too, so subscribing again asks for a fresh
 * confirmation, which turns announcements back on.
 */
export async function stopSubscriptionOf(tx: Db, email: string, now: Date): Promise<void> {
  await tx
    .update(statusSubscribers)
    .set({ unsubscribedAt: now })
    .where(and(eq(statusSubscribers.email, normalizeEmail(email)), isNull(statusSubscribers.unsubscribedAt)));
}

/** Confirms the subscription the link names (a second press changes nothing); null for a bad link. */
export async function confirmSubscription(platform: Platform, tx: Db, token: string): Promise<StatusSubscriber | null> {
  const subscriber = await subscriberToConfirm(platform, tx, token);
  if (!subscriber) return null;
  if (subscriber.confirmedAt && !subscriber.unsubscribedAt) return subscriber;
  const [confirmed] = await tx
    .update(statusSubscribers)
    .set({ confirmedAt: platform.clock.now(), unsubscribedAt: null })
    .where(eq(statusSubscribers.id, subscriber.id))
    .returning();
  if (confirmed) await platform.events.publish(tx, statusSubscriptionConfirmed, { subscriberId: confirmed.id });
  return confirmed ?? null;
}

/** Stops the emails to the subscriber the link names; null for a bad link. */
export async function stopSubscription(platform: Platform, tx: Db, token: string): Promise<StatusSubscriber | null> {
  const subscriber = await subscriberToStop(platform, tx, token);
  if (!subscriber) return null;
  if (subscriber.unsubscribedAt) return subscriber;
  const [stopped] = await tx.update(statusSubscribers).set({ unsubscribedAt: platform.clock.now() }).where(eq(statusSubscribers.id, subscriber.id)).returning();
  return stopped ?? null;
}

/** Everyone who confirmed and has not unsubscribed: the readers of announcements. */
export function confirmedSubscribers(db: Db): Promise<StatusSubscriber[]> {
  return db
    .select()
    .from(statusSubscribers)
    .where(and(isNotNull(statusSubscribers.confirmedAt), isNull(statusSubscribers.unsubscribedAt)));
}
