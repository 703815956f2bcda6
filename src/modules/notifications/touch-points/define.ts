// What a touch point is: the moment (a domain event) that may deserve an email, who gets it,
// what it says beyond the merchant's subject and intro, and whether it may carry product
// suggestions. Each touch point lives beside its siblings in this folder; `catalogue.ts`
// lists them all.
import type { Db } from '../../../platform/db/database.ts';
import type { DomainEvent, EventPayload, EventType } from '../../../platform/events/events.ts';
import type { Platform } from '../../../platform/platform.ts';

export interface ItemRow {
  title: string;
  detail?: string;
  quantity?: number;
  amount?: string;
  url?: string;
}

/** The body of an email after the greeting and the merchant's intro, rendered as HTML and as text. */
export type Block =
  | { kind: 'paragraph'; text: string }
  /** The one thing to do next; absolute URL. */
  | { kind: 'button'; label: string; url: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'facts'; rows: { label: string; value: string }[] }
  | { kind: 'items'; title?: string; items: ItemRow[] }
  /** A question answered by one click (each option lands on a page whose button confirms). */
  | { kind: 'choices'; prompt: string; options: { label: string; url: string }[] };

/** One email a touch point wants sent, before the merchant's words and the brand are applied. */
export interface Letter {
  to: string;
  /**
   * The subject of the dedupe key: the shipment, ticket message or promise revision when
   * there is one, else the order or ticket ("shipment:<id>", "order:<id>").
   */
  about: string;
  orderId?: string;
  ticketId?: string;
  /** Thread root, e.g. "order.<id>": every email about it carries the same References. */
  thread?: string;
  /** Values of the placeholders the merchant may use in the subject and intro. */
  values: Record<string, string>;
  blocks: Block[];
  /** The variants this letter is about: suggestions are related to them and never repeat them. */
  variantIds?: string[];
}

export const TOUCH_POINT_GROUPS = ['Orders', 'Payments', 'Delivery', 'Returns and refunds', 'Stock', 'Support', 'Account', 'Announcements'] as const;
export type TouchPointGroup = (typeof TOUCH_POINT_GROUPS)[number];

export interface TouchPoint<P extends EventPayload = EventPayload> {
  /** Stable key, e.g. "order.recorded": names its settings, its handler and its dedupe keys. */
  key: string;
  group: TouchPointGroup;
  title: string;
  /** When it goes, in the merchant's words. */
  when: string;
  event: EventType<P>;
  /**
   * transactional: always goes (unless the address is suppressed).
   * announcement: only to addresses that accept announcements, with a one-click unsubscribe.
   */
  kind: 'transactional' | 'announcement';
  /** May carry the suggestions block; never for failures and apologies, where selling is tactless. */
  sells: boolean;
  /**
   * An email a feature cannot work without (a password-reset link) or a security notice: the
   * merchant may reword it but not switch it off.
   */
  alwaysOn?: boolean;
  defaults: { subject: string; intro: string };
  /** The placeholders this touch point fills (beyond the common ones), name → meaning. */
  placeholders: Record<string, string>;
  letters(platform: Platform, tx: Db, event: DomainEvent<P>): Promise<Letter[]>;
  /**
   * An event payload built from real records for the admin's live preview: the order with
   * this number (or the most recent one that fits), null when there is none to show.
   */
  preview(db: Db, orderNumber: string | undefined): Promise<P | null>;
}

/** Placeholders every email can use. */
export const COMMON_PLACEHOLDERS: Record<string, string> = {
  'store.name': 'Your store’s name',
  'customer.name': 'The customer’s name, or “there” when we do not know it',
};

/** Identity function that checks a touch point's shape and keeps its payload type. */
export function defineTouchPoint<P extends EventPayload>(touchPoint: TouchPoint<P>): TouchPoint<P> {
  return touchPoint;
}
