// Internal ids are UUIDs. What people read aloud on the phone is a short code made of
// characters that cannot be confused (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
import { randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

export const READABLE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';

/** Random readable code, e.g. groups [4,4] → "7K4Q-9P2M". */
export function readableCode(groups: readonly number[]): string {
  const length = groups.reduce((a, b) => a + b, 0);
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % READABLE_ALPHABET.length);
  const chars: string[] = [];
  while (chars.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && chars.length < length) chars.push(READABLE_ALPHABET[byte % READABLE_ALPHABET.length]!);
    }
  }
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  return parts.join('-');
}
