// Ticket numbers: what a customer quotes on the phone or in an email subject, so they are short
// and made of digits only (no letter to mistake for a digit, nothing to spell out), and read
// back however they are typed. Five digits (T-48213) while five-digit numbers are easy to find;
// a desk that has used most of them draws longer ones, so the count of tickets has no ceiling.
import { randomInt } from 'node:crypto';

const PREFIX = 'T';
export const SHORTEST_DIGITS = 5;
const LONGEST_DIGITS = 8;
/** Draws per length before trying one digit more: a free five-digit number is found in a few tries until the desk holds tens of thousands. */
export const DRAWS_PER_LENGTH = 4;

/** A random number with `digits` digits, never starting with 0 (people drop a leading zero). */
export function newTicketNumber(digits = SHORTEST_DIGITS): string {
  const low = 10 ** (digits - 1);
  return `${PREFIX}-${randomInt(low, low * 10)}`;
}

/** How many digits the n-th draw (0-based) of one ticket uses: 5, 5, 5, 5, 6, 6, … */
export function digitsForDraw(draw: number): number {
  return Math.min(SHORTEST_DIGITS + Math.floor(draw / DRAWS_PER_LENGTH), LONGEST_DIGITS);
}

/**
 * The number as stored, from what someone typed: any case, spaces or dashes, with or without
 * the T ("t 48213", "48213", "#48213"). Null when it cannot be a ticket number.
 */
export function normalizeTicketNumber(input: string): string | null {
  if (input.length > 32) return null;
  let code = input.toUpperCase().replace(/[\s\-–—_.#]/g, '');
  if (code.startsWith(PREFIX)) code = code.slice(PREFIX.length);
  if (!new RegExp(`^[1-9][0-9]{${SHORTEST_DIGITS - 1},${LONGEST_DIGITS - 1}}$`).test(code)) return null;
  return `${PREFIX}-${code}`;
}
