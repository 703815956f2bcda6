// From a touch point's letters to rows in the mail queue, inside the event handler's
// transaction: the merchant's switch and words, the brand, suggestions when they are welcome,
// the headers that thread replies to the support desk, and the dedupe key, all stored before
// anything is sent. A redelivered event, or the same fact announced twice, finds its row and
// adds nothing.
import { and, count, eq, gte, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import type { DomainEvent, EventPayload } from '../../../platform/events/events.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { getStoreProfile } from '../../site/index.ts';
import { brandFor, type Brand } from '../compose/brand.ts';
import type { EmailContent, Suggestion } from '../compose/content.ts';
import { renderHtml } from '../compose/html.tsx';
import { fillPlaceholders } from '../compose/placeholders.ts';
import { renderText } from '../compose/text.ts';
import { DEFAULT_PREFERENCES, normalizeAddress, preferencesOf, preferencesUrl, unsubscribeUrl, type EmailTopic, type Preferences } from '../preferences/preferences.ts';
import { suggestionsFor } from '../recommendations/recommend.ts';
import { emailPreferences, emailSuppressions, outgoingEmails, type SuppressionReason } from '../schema.ts';
import type { Letter, TouchPoint } from '../touch-points/define.ts';
import { settingsFor, type TouchPointSettings } from '../touch-points/settings.ts';
import { kickDelivery } from './kick.ts';

/** At most this many emails with promotional content per address in the window. */
export const PROMOTIONAL_CAP = { emails: 2, days: 7 };
export const SUGGESTIONS_PER_EMAIL = 3;

export function dedupeKey(touchPoint: TouchPoint, letter: Pick<Letter, 'about' | 'to'>): string {
  return `${touchPoint.key}|${letter.about}|${normalizeAddress(letter.to)}`;
}

/**
 * A copy of a touch point's email that a staff member asked for, to the address they give.
 * Its dedupe subject is the request's own id: each request sends one copy, the same request
 * sent twice (a double click) finds the first.
 */
export interface RequestedCopy {
  to: string;
  requestId: string;
  staffId: string;
}

/**
 * Runs the touch point for this event and queues what it wants sent (nothing when switched
 * off, unless staff asked for a copy: the switch stops the automatic email, not a person).
 */
export async function queueTouchPoint<P extends EventPayload>(platform: Platform, tx: Db, touchPoint: TouchPoint<P>, event: DomainEvent<P>, copy?: RequestedCopy): Promise<number> {
  const settings = await settingsFor(platform.database, tx, touchPoint as TouchPoint);
  if (!settings.enabled && !copy) return 0;
  // Read once through the transaction, so the letters' own reads of it come from memory.
  await getStoreProfile(platform, tx);
  const written = await touchPoint.letters(platform, tx, event);
  const letters = copy ? written.map((letter) => ({ ...letter, to: copy.to, about: `copy:${copy.requestId}` })) : written;
  if (letters.length === 0) return 0;
  // Once per event, not per letter: an announcement may have thousands.
  const brand = await brandFor(platform.database, tx);
  let queued = 0;
  for (const letter of letters) {
    if (await queueLetter(platform, tx, touchPoint as TouchPoint, settings, letter, brand, copy?.staffId ?? null)) queued += 1;
  }
  if (queued > 0) kickDelivery(platform);
  return queued;
}

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  promotional: boolean;
}

/**
 * The email a letter becomes for this recipient now; the admin's live preview shows the same.
 */
export async function composeLetter(
  platform: Platform,
  db: Db,
  touchPoint: TouchPoint,
  settings: Pick<TouchPointSettings, 'subject' | 'intro'>,
  letter: Letter,
  known: { preferences?: Preferences; brand?: Brand; promotionalCapReached?: boolean } = {},
): Promise<ComposedEmail> {
  const recipient = normalizeAddress(letter.to);
  const [profile, brand, preferences] = await Promise.all([getStoreProfile(platform, db), known.brand ?? brandFor(platform.database, db), known.preferences ?? preferencesOf(db, recipient)]);
  const values: Record<string, string> = { 'store.name': profile.name, 'customer.name': 'there', ...letter.values };
  const subject = fillPlaceholders(settings.subject, values).trim();
  const intro = fillPlaceholders(settings.intro, values).trim();

  let suggestions: Suggestion[] = [];
  if (touchPoint.sells && preferences.recommendations && !(known.promotionalCapReached ?? (await overPromotionalCap(platform, db, recipient)))) {
    suggestions = await suggestionsFor(platform, db, { recipient, variantIds: letter.variantIds ?? [], limit: SUGGESTIONS_PER_EMAIL });
  }
  const topic: EmailTopic | null = touchPoint.kind === 'announcement' ? 'announcements' : suggestions.length > 0 ? 'recommendations' : null;

  const footerLinks = [{ label: 'Email preferences', url: preferencesUrl(platform, recipient) }];
  if (topic) footerLinks.push({ label: topic === 'announcements' ? 'Unsubscribe from announcements' : 'No more suggestions', url: unsubscribeUrl(platform, recipient, topic) });
  const content: EmailContent = {
    storeName: profile.name,
    brand,
    subject,
    preheader: intro.split('\n')[0]!.slice(0, 140),
    greeting: `Hello ${values['customer.name']},`,
    intro,
    blocks: letter.blocks,
    suggestions,
    footerNote:
      touchPoint.kind === 'announcement'
        ? `You get announcements from ${profile.name} about our service: planned work and anything that affects your orders. One click below stops them.`
        : `You get this email because it is about your ${letter.ticketId ? 'request to' : 'business with'} ${profile.name}. To write to us, just reply.`,
    footerLinks,
  };

  const domain = new URL(platform.config.baseUrl).hostname;
  const headers: Record<string, string> = {
    'Reply-To': platform.config.mailReplyTo,
    // Tells auto-responders (holiday replies) not to answer: RFC 3834.
    'Auto-Submitted': 'auto-generated',
    'X-Doorstep-Touch-Point': touchPoint.key,
  };
  if (letter.thread) {
    headers['In-Reply-To'] = `<${letter.thread}@${domain}>`;
    headers.References = `<${letter.thread}@${domain}>`;
  }
  if (topic) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl(platform, recipient, topic)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { subject, html: renderHtml(content, profile.locale), text: renderText(content), headers, promotional: topic !== null };
}

/** The promotional emails this recipient was sent within the cap's window: a condition on outgoing_emails. */
function recentPromotional(platform: Platform, recipient: string): SQL | undefined {
  const since = new Date(platform.clock.now().getTime() - PROMOTIONAL_CAP.days * 86_400_000);
  return and(eq(outgoingEmails.recipient, recipient), eq(outgoingEmails.promotional, true), gte(outgoingEmails.createdAt, since));
}

async function overPromotionalCap(platform: Platform, db: Db, recipient: string): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(outgoingEmails).where(recentPromotional(platform, recipient));
  return (row?.n ?? 0) >= PROMOTIONAL_CAP.emails;
}

interface RecipientFacts {
  already: boolean;
  suppressedFor: SuppressionReason | null;
  preferences: Preferences;
  /** Asked only for a touch point that sells (the count is skipped otherwise): false when not asked. */
  promotionalCapReached: boolean;
}

/** In one read: is this email already queued, is the address suppressed, what does its reader accept, and (for a touch point that sells) have they had their share of suggestions. */
async function recipientFacts(platform: Platform, tx: Db, key: string, recipient: string, sells: boolean): Promise<RecipientFacts> {
  const [row] = await rows<{ already: boolean; reason: SuppressionReason | null; recommendations: boolean | null; announcements: boolean | null; promotional: number }>(
    tx,
    sql`select exists (select 1 from ${outgoingEmails} where ${outgoingEmails.dedupeKey} = ${key}) as already,
               (select ${emailSuppressions.reason} from ${emailSuppressions} where ${emailSuppressions.address} = ${recipient}) as reason,
               p.recommendations, p.announcements,
               case when ${sells}::boolean then (select count(*)::int from ${outgoingEmails} where ${recentPromotional(platform, recipient)}) else 0 end as promotional
          from (select 1) as one left join ${emailPreferences} as p on p.address = ${recipient}`,
  );
  return {
    already: row!.already,
    suppressedFor: row!.reason,
    preferences: { recommendations: row!.recommendations ?? DEFAULT_PREFERENCES.recommendations, announcements: row!.announcements ?? DEFAULT_PREFERENCES.announcements },
    promotionalCapReached: row!.promotional >= PROMOTIONAL_CAP.emails,
  };
}

async function queueLetter(platform: Platform, tx: Db, touchPoint: TouchPoint, settings: TouchPointSettings, letter: Letter, brand: Brand, requestedBy: string | null): Promise<boolean> {
  const key = dedupeKey(touchPoint, letter);
  const recipient = normalizeAddress(letter.to);
  const facts = await recipientFacts(platform, tx, key, recipient, touchPoint.sells === true);
  if (facts.already) return false;
  if (touchPoint.kind === 'announcement' && !facts.preferences.announcements) return false;

  const id = newId();
  const messageId = `<${id}@${new URL(platform.config.baseUrl).hostname}>`;
  const suppression = facts.suppressedFor ? { reason: facts.suppressedFor } : null;
  const email = await composeLetter(platform, tx, touchPoint, settings, letter, { preferences: facts.preferences, brand, promotionalCapReached: facts.promotionalCapReached });
  const now = platform.clock.now();
  const inserted = await tx
    .insert(outgoingEmails)
    .values({
      id,
      dedupeKey: key,
      touchPoint: touchPoint.key,
      recipient,
      orderId: letter.orderId ?? null,
      ticketId: letter.ticketId ?? null,
      messageId,
      ...email,
      // A suppressed address is recorded, not written to: the agent sees why nothing arrived.
      status: suppression ? 'suppressed' : 'queued',
      lastError: suppression ? `Not sent: the address is on the suppression list (${suppression.reason.replace('_', ' ')}).` : null,
      nextAttemptAt: now,
      createdAt: now,
      requestedBy,
    })
    .onConflictDoNothing({ target: outgoingEmails.dedupeKey })
    .returning({ id: outgoingEmails.id });
  return inserted.length > 0 && !suppression;
}
