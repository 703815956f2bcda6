// Order numbers: what a customer reads aloud on the phone or types from an email, so they are
// short, made of letters that cannot be confused, and accepted however they are typed.
import { READABLE_ALPHABET, readableCode } from '../../platform/ids.ts';

const PREFIX = 'DS';
const GROUPS = [4, 4] as const;
const CODE_LENGTH = GROUPS[0] + GROUPS[1];
const CODE_PATTERN = new RegExp(`^[${READABLE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A new random number, e.g. DS-7K4Q-9P3M (25^8 ≈ 1.5·10^11 of them). */
export function newOrderNumber(): string {
  return `${PREFIX}-${readableCode(GROUPS)}`;
}

/**
 * The number as stored, from what someone typed: any case, spaces or dashes anywhere, with or
 * without the DS prefix ("ds 7k4q9p2m", "7K4Q-9P2M"). Null when it cannot be an order number.
 */
export function normalizeOrderNumber(input: string): string | null {
  if (input.length > 64) return null;
  let code = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
  if (code.length === PREFIX.length + CODE_LENGTH && code.startsWith(PREFIX)) code = code.slice(PREFIX.length);
  if (!CODE_PATTERN.test(code)) return null;
  return `${PREFIX}-${code.slice(0, GROUPS[0])}-${code.slice(GROUPS[0])}`;
}
