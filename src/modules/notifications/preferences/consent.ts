// Consent given elsewhere in the store turns a topic back on: someone who confirms a status
// subscription wants announcements, even if they once unsubscribed from them. A choice made
// after the confirmation (handlers run later than the click) is left as it is.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';
import { statusSubscriptionConfirmed, subscriberById } from '../../maintenance/index.ts';
import { emailPreferences } from '../schema.ts';
import { normalizeAddress } from './preferences.ts';

export async function announcementsWelcomeAgain(platform: Platform, tx: Db, event: DomainEvent<{ subscriberId: string }>): Promise<void> {
  const subscriber = await subscriberById(tx, event.payload.subscriberId);
  if (!subscriber) return;
  const address = normalizeAddress(subscriber.email);
  const [current] = await tx.select().from(emailPreferences).where(eq(emailPreferences.address, address));
  if (!current || current.announcements || current.updatedAt > new Date(event.occurredAt)) return;
  await tx.update(emailPreferences).set({ announcements: true, updatedAt: platform.clock.now() }).where(eq(emailPreferences.address, address));
}

export function registerConsent(platform: Platform): void {
  platform.events.subscribe(statusSubscriptionConfirmed, 'notifications.announcements-consent', (event, tx) => announcementsWelcomeAgain(platform, tx, event));
}
