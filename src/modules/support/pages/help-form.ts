// The "Ask about this order" form's rules: its topics (each with the tag agents and analytics
// filter by), how long a message may be, what is wrong with a submission, and its one-time
// token. The token names the order and a random nonce; the ticket it opens keeps the nonce as
// its source key, so a double click, a resubmitted page or a retry after a lost answer all
// find the first ticket instead of opening another.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../../platform/platform.ts';
import type { FormBody } from '../../../web/forms/form-body.ts';
import { text } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { WHERE_IS_MY_ORDER_TAG } from '../tags.ts';

export interface HelpTopic {
  value: string;
  /** As the customer picks it, and as it reads in the ticket's subject. */
  label: string;
  hint?: string;
  tag: string | null;
}

export const HELP_TOPICS: readonly HelpTopic[] = [
  { value: 'where', label: 'Where is my order', hint: 'it has not arrived, or the delivery date worries you', tag: WHERE_IS_MY_ORDER_TAG },
  { value: 'change', label: 'Change or cancel my order', tag: 'change-or-cancel' },
  { value: 'item', label: 'A problem with an item', hint: 'damaged, wrong or missing', tag: 'item-problem' },
  { value: 'payment', label: 'Payment', tag: 'payment' },
  { value: 'other', label: 'Something else', tag: null },
];

export const HELP_MESSAGE_MAX = 5000;

export interface HelpValues {
  topic: string;
  message: string;
}

const topicOf = (value: string) => HELP_TOPICS.find((topic) => topic.value === value);

/** What was typed (cut at a bound so a huge post is not echoed back whole) and what is wrong with it. */
export function readHelpForm(body: FormBody): { values: HelpValues; errors: FormErrors; topic: HelpTopic | undefined } {
  const values = { topic: text(body, 'topic').slice(0, 40), message: text(body, 'message').slice(0, HELP_MESSAGE_MAX * 2) };
  const errors = new FormErrors();
  const topic = topicOf(values.topic);
  if (!topic) errors.add('topic', 'Choose what your question is about.', 'Topic');
  const length = values.message.trim().length;
  if (length === 0) errors.add('message', 'Write your question.', 'Your question');
  else if (length > HELP_MESSAGE_MAX) errors.add('message', `Use at most ${HELP_MESSAGE_MAX.toLocaleString('en-US')} characters: this has ${length.toLocaleString('en-US')}.`, 'Your question');
  return { values, errors, topic };
}

const PURPOSE = 'order-help';
/** A customer may leave the form open a long while; the token only guards against sending it twice. */
const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export function helpFormToken(platform: Platform, orderId: string): string {
  return platform.signer.sign(PURPOSE, { o: orderId, n: randomUUID() }, new Date(platform.clock.now().getTime() + TOKEN_TTL_MS));
}

/** The source key of the ticket this form opens, or null for a forged, expired or another order's token. */
export function helpSourceKey(platform: Platform, token: string, orderId: string): string | null {
  const claim = platform.signer.verify<{ o?: unknown; n?: unknown }>(PURPOSE, token);
  if (!claim || claim.o !== orderId || typeof claim.n !== 'string') return null;
  return `order-help:${claim.n}`;
}
