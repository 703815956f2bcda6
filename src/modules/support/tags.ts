// Tags: short lower-case words agents filter by and analytics count ("where-is-my-order" is
// how the store measures the questions its order pages should have answered). Typed however,
// stored one way, so a filter or a count never misses a ticket over a capital or a space.

/** The tag of every "where is my order?" request: analytics count them to see what the order pages deflect. */
export const WHERE_IS_MY_ORDER_TAG = 'where-is-my-order';

/** A ticket opened by an email whose sender failed verification (DMARC): its From may be forged. */
export const SENDER_FAILED_TAG = 'sender-failed-verification';

export const TAG_MAX = 40;
export const TAGS_PER_TICKET = 20;

/** "Where is my order" → "where-is-my-order"; null when nothing usable is left. */
export function normalizeTag(input: string): string | null {
  const tag = input
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  return tag === '' || tag.length > TAG_MAX ? null : tag;
}
