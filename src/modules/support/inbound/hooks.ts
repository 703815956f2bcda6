// What inbound mail needs from the module that sends the store's email, without the desk
// importing it (that module already reads the desk's facts to write its emails): whether a
// Message-ID a customer replied to is one of ours and what it was about, and the handling of
// delivery reports (bounces) about our mail. The notifications module registers both at start.
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';

/** What an email we sent (or the thread it started) was about. */
export interface SentMailMatch {
  ticketId: string | null;
  orderId: string | null;
}

export interface InboundMailHooks {
  /** For each of these Message-IDs that is ours (an email we sent, or a thread root), what it was about. */
  sentMail(db: Db, messageIds: readonly string[]): Promise<Map<string, SentMailMatch>>;
  /** Applies a delivery status report or complaint about our mail and says what it changed; null when the message is not a report it can read. */
  mailReport(raw: Buffer): Promise<string | null>;
}

const registry = new WeakMap<Platform, InboundMailHooks>();

export function registerInboundMailHooks(platform: Platform, hooks: InboundMailHooks): void {
  registry.set(platform, hooks);
}

/** The registered hooks; without a sender module, nothing is ours and no report is read. */
export function inboundMailHooks(platform: Platform): InboundMailHooks {
  return registry.get(platform) ?? { sentMail: async () => new Map(), mailReport: async () => null };
}
