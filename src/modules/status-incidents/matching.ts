// Which open incident a support request is about, so the acknowledgement can say "we know, and
// here is where it stands" instead of a generic answer. The rule is deliberately plain:
//
//   A request matches an open incident when its tags, subject or first message contain a word
//   for a part of the store the incident affects (payments: pay, paid, payment, card, charge,
//   refund…; checkout: checkout, order, basket, cart…; emails: email, confirmation, receipt…;
//   storefront: site, website, page, loading, error…; support chat: chat). Words are matched
//   whole, without regard to case. When several incidents match, the one opened last wins.
//
// A false match costs one sentence in an email that is read by a person anyway; a miss costs
// nothing more than today.
import type { ComponentKey } from '../site/index.ts';
import type { Incident } from './incidents.ts';

export const COMPONENT_WORDS: Record<ComponentKey, readonly string[]> = {
  payments: ['pay', 'paid', 'paying', 'payment', 'payments', 'card', 'cards', 'charge', 'charged', 'declined', 'refund', 'billing', 'invoice'],
  checkout: ['checkout', 'check-out', 'order', 'ordering', 'basket', 'cart', 'purchase', 'buy'],
  email: ['email', 'e-mail', 'emails', 'mail', 'confirmation', 'receipt', 'inbox'],
  storefront: ['site', 'website', 'page', 'pages', 'loading', 'error', 'down', 'crash'],
  'support-chat': ['chat', 'chatting'],
};

export interface SupportRequestFacts {
  subject: string;
  /** The customer's first message (or its start). */
  text: string;
  tags: readonly string[];
}

const wordsOf = (facts: SupportRequestFacts): Set<string> =>
  new Set(
    [facts.subject, facts.text, ...facts.tags]
      .join(' ')
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .flatMap((word) => [word, ...word.split('-')])
      .filter(Boolean),
  );

/** The open incident the request is about, or null (pure). */
export function incidentMatchingRequest<T extends Pick<Incident, 'components' | 'openedAt' | 'resolvedAt'>>(open: readonly T[], facts: SupportRequestFacts): T | null {
  const words = wordsOf(facts);
  const matching = open.filter((incident) => !incident.resolvedAt && incident.components.some((component) => COMPONENT_WORDS[component].some((word) => words.has(word))));
  return matching.sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0] ?? null;
}
