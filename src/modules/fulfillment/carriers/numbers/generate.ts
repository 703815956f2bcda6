// New valid tracking numbers, for the carrier simulator: it hands out numbers that look and check
// like the real carrier's, so everything downstream (validation, links, search) is exercised as in
// production. A number is a random body in one of the carrier's common formats plus the check digit
// that makes checkTrackingNumber accept it; with a seeded `random` the sequence is reproducible.
import type { CarrierCode } from './carriers.ts';
import { checkTrackingNumber } from './recognize.ts';

const DIGITS = '0123456789';
const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A piece of a number's body: fixed text, or a random run drawn from an alphabet. */
type Piece = string | { from: string; length: number } | { oneOf: readonly string[] };

const digits = (length: number): Piece => ({ from: DIGITS, length });
const oneOf = (...options: string[]): Piece => ({ oneOf: options });

// The bodies (everything before the check digit) of the formats parcels from a web shop carry,
// with service codes that occur in the upstream data or its valid test numbers.
const BODIES: Readonly<Record<CarrierCode, readonly (readonly Piece[])[]>> = {
  ups: [
    // 1Z, shipper id, service (Next Day Air, 2nd Day Air, Ground, 3 Day Select, Next Day Air Saver), package.
    ['1Z', { from: LETTERS_AND_DIGITS, length: 6 }, oneOf('01', '02', '03', '12', '13'), digits(7)],
  ],
  fedex: [
    // FedEx Express (12) and FedEx Ground (15).
    [digits(11)],
    [digits(14)],
  ],
  usps: [
    // IMpb N: 94, service type, a 6-digit mailer id (not starting with 9), a 10-digit package number.
    ['94', oneOf('001', '058', '346'), oneOf('1', '2', '3', '4', '5', '6', '7', '8'), digits(5), digits(10)],
    // IMpb C: 92, Parcel Select (612), a 9-digit mailer id starting with 9, a 7-digit package number.
    ['92612', '9', digits(8), digits(7)],
  ],
  dhl: [
    // DHL Express waybill: 9 digits and a mod-7 check digit.
    [oneOf('1', '2', '3', '4', '5', '6', '7', '8', '9'), digits(8)],
  ],
};

function index(random: () => number, size: number): number {
  const value = random();
  if (!(value >= 0 && value < 1)) throw new RangeError(`random() must return a number in [0, 1), not ${value}`);
  return Math.floor(value * size);
}

function draw(random: () => number, alphabet: string | readonly string[]): string {
  return alphabet[index(random, alphabet.length)] as string;
}

function body(pieces: readonly Piece[], random: () => number): string {
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') text += piece;
    else if ('oneOf' in piece) text += draw(random, piece.oneOf);
    else for (let i = 0; i < piece.length; i++) text += draw(random, piece.from);
  }
  return text;
}

/**
 * `body` completed with the check digit that makes it a valid number of `carrier` (the first of
 * 0–9 that checkTrackingNumber accepts, which also means no carrier ahead in the priority order
 * claims it). Throws when no digit does: the body is not in any of the carrier's formats.
 */
export function completeWithCheckDigit(carrier: CarrierCode, bodyText: string): string {
  for (const digit of DIGITS) {
    const candidate = bodyText + digit;
    if (checkTrackingNumber(carrier, candidate).ok) return candidate;
  }
  throw new Error(`no check digit makes ${bodyText} a valid ${carrier} tracking number`);
}

/** A new, valid tracking number of `carrier`, in one of its common formats (`random` picks format and digits). */
export function generateTrackingNumber(carrier: CarrierCode, random: () => number = Math.random): string {
  const formats = BODIES[carrier];
  const pieces = formats[index(random, formats.length)] as readonly Piece[];
  return completeWithCheckDigit(carrier, body(pieces, random));
}
