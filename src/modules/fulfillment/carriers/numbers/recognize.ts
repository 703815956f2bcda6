// Recognising and checking tracking numbers: which of our carriers a number belongs to, whether it
// is a valid number of the carrier the merchant chose (with a refusal that names the expected
// format), and the carrier's public tracking page for it. The formats and check digits are
// ts-tracking-number's engine over the pinned upstream data (formats.ts); this file adds what the
// library does not do for us: strict input, carrier priority where formats overlap, and the link.
import { getTracking } from 'ts-tracking-number';
import { Problem } from '../../../../platform/http/problem.ts';
import { CARRIERS, type CarrierCode, isCarrierCode } from './carriers.ts';
import { COURIER_DATA, formatNamed, formatPattern } from './formats.ts';

/** Longest tracking number we accept, after spaces and dashes are removed. The longest real ones are 34 digits. */
export const MAX_TRACKING_NUMBER_LENGTH = 64;

// What may be typed or pasted around the number: a 34-digit USPS barcode number written with a
// space between every digit is 69 characters, so the raw bound is looser than the number's.
const MAX_INPUT_LENGTH = 256;

// Spaces of any kind (a pasted number may carry tabs or no-break spaces) and dashes, including
// the typographic ones word processors put in.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

// Where two of our carriers' formats accept the same number, the first in this order has it. The
// one overlap in the vectors: a USPS barcode number with 420 + ZIP in front (34 digits, e.g.
// 4201028200009261290113185417468510) also passes FedEx Express (34)'s check digit. The USPS
// reading is the specific one (routing prefix, then application identifier 92); FedEx's 34-digit
// numbers start 10 or 11. UPS and DHL formats overlap nobody else's, so their place is free.
const PRIORITY: readonly CarrierCode[] = ['ups', 'usps', 'fedex', 'dhl'];

type Normalized = { ok: true; number: string } | { ok: false; reason: 'empty' | 'too-long' | 'characters' };

function normalize(raw: string): Normalized {
  if (typeof raw !== 'string') return { ok: false, reason: 'characters' };
  if (raw.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too-long' };
  const compact = raw.replace(SEPARATORS, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  // Checked before upper-casing: toUpperCase turns some non-ASCII letters into ASCII ones
  // ("ſ" → "S", "ı" → "I"). The check also matters for the library, which strips every other
  // character before matching, so "<1Z5R89390357567127>" would otherwise pass as a UPS number.
  if (!/^[A-Za-z0-9]+$/.test(compact)) return { ok: false, reason: 'characters' };
  if (compact.length > MAX_TRACKING_NUMBER_LENGTH) return { ok: false, reason: 'too-long' };
  return { ok: true, number: compact.toUpperCase() };
}

/**
 * The number as stored and compared: spaces and dashes removed, upper case ("1z 5r89 3903 5756 7127"
 * → "1Z5R89390357567127"). Null when it cannot be a tracking number at all: empty, longer than
 * 64 letters and digits, or with other characters in it.
 */
export function normalizeTrackingNumber(raw: string): string | null {
  const normalized = normalize(raw);
  return normalized.ok ? normalized.number : null;
}

export interface CarrierMatch {
  carrier: CarrierCode;
  /** Upstream's name of the format, e.g. "UPS", "FedEx Ground", "USPS IMpb N". */
  format: string;
  /** The service the number encodes, when the format carries one the data names (e.g. "UPS United States Ground"). */
  service: string | null;
  /** The normalized number. */
  number: string;
  /** The carrier's public tracking page for this number. */
  url: string;
}

export interface Recognition extends CarrierMatch {
  /** Our other carriers whose formats also accept the number (see PRIORITY for who wins). */
  alsoMatches: CarrierCode[];
}

/** How one carrier reads an already normalized number, or null when none of its formats accepts it. */
function matchCarrier(carrier: CarrierCode, number: string): CarrierMatch | null {
  const found = getTracking(number, [COURIER_DATA[carrier]]);
  if (!found) return null;
  const format = formatNamed(carrier, found.name);
  const groups = format ? (formatPattern(format).exec(number)?.groups ?? {}) : {};
  return { carrier, format: found.name, service: serviceName(format, groups), number, url: linkFor(carrier, number, format?.tracking_url ?? null, groups) };
}

function serviceName(format: ReturnType<typeof formatNamed>, groups: Record<string, string | undefined>): string | null {
  const code = groups.ServiceType;
  const lookup = format?.additional?.find((entry) => entry.regex_group_name === 'ServiceType')?.lookup;
  if (code === undefined || !lookup) return null;
  for (const entry of lookup) {
    const matches = 'matches' in entry && entry.matches === code;
    const matchesRegex = 'matches_regex' in entry && new RegExp(`^(?:${entry.matches_regex})$`).test(code);
    if ((matches || matchesRegex) && 'name' in entry) return entry.name;
  }
  return null;
}

function linkFor(carrier: CarrierCode, number: string, formatUrl: string | null, groups: Record<string, string | undefined>): string {
  let tracked = number;
  if (groups.RoutingApplicationId !== undefined) {
    // A USPS number read from the label's barcode carries the routing code (420 + ZIP or ZIP+4)
    // in front of the tracking number; the tracking page wants the number alone.
    const prefix = groups.RoutingApplicationId.length + (groups.DestinationZip?.length ?? 0) + (groups.DestinationZipPlus4?.length ?? 0);
    tracked = number.slice(prefix);
  } else if (formatUrl === null && groups.SerialNumber !== undefined && groups.CheckDigit !== undefined) {
    // FedEx ASTRA (32) has no tracking page of its own (upstream's tracking_url is null): positions
    // 17 to 28 hold the FedEx Express number it stands for, which is what the page can find.
    tracked = groups.SerialNumber + groups.CheckDigit;
  }
  return CARRIERS[carrier].trackingUrl.replace('%s', encodeURIComponent(tracked));
}

function recognizeNormalized(number: string): Recognition | null {
  const matches = PRIORITY.map((carrier) => matchCarrier(carrier, number)).filter((match) => match !== null);
  const [first, ...others] = matches;
  return first ? { ...first, alsoMatches: others.map((match) => match.carrier) } : null;
}

/** Which of our carriers a number belongs to (and in which format), or null when it is none of theirs. */
export function recognizeTrackingNumber(raw: string): Recognition | null {
  const normalized = normalize(raw);
  return normalized.ok ? recognizeNormalized(normalized.number) : null;
}

export type TrackingNumberCheck = ({ ok: true } & CarrierMatch) | { ok: false; message: string };

/**
 * Whether `raw` is a valid tracking number of `carrier`. The refusal is a sentence for the person
 * who typed it: it names the carrier's expected format and, when the number belongs to another of
 * our carriers, says which.
 */
export function checkTrackingNumber(carrier: CarrierCode, raw: string): TrackingNumberCheck {
  if (typeof carrier !== 'string' || !isCarrierCode(carrier)) return { ok: false, message: `We do not ship with a carrier called ${JSON.stringify(String(carrier)).slice(0, 40)}.` };
  const { name, expected } = CARRIERS[carrier];
  const rule = `A ${name} tracking number is ${expected}`;
  const normalized = normalize(raw);
  if (!normalized.ok) {
    const problem = {
      empty: `Enter the ${name} tracking number. ${rule}.`,
      'too-long': `That is longer than any tracking number (at most ${MAX_TRACKING_NUMBER_LENGTH} letters and digits). ${rule}.`,
      characters: `A tracking number has only letters and digits (spaces and dashes are ignored). ${rule}.`,
    }[normalized.reason];
    return { ok: false, message: problem };
  }
  const { number } = normalized;
  const own = matchCarrier(carrier, number);
  const recognised = recognizeNormalized(number);
  if (own && recognised?.carrier === carrier) return { ok: true, ...own };
  if (recognised && recognised.carrier !== carrier) {
    const other = CARRIERS[recognised.carrier].name;
    const fits = own ? ` (it also fits the ${own.format} format, but reads first as ${recognised.format})` : '';
    return { ok: false, message: `${number} is a ${other} tracking number${fits}, not a ${name} one: choose ${other} as the carrier, or check the number. ${rule}.` };
  }
  return { ok: false, message: `${rule}; ${number} is not one.` };
}

/** checkTrackingNumber for service code: the match, or a 400 problem `invalid-tracking-number` carrying the message. */
export function requireTrackingNumber(carrier: CarrierCode, raw: string): CarrierMatch {
  const check = checkTrackingNumber(carrier, raw);
  if (!check.ok) throw new Problem({ status: 400, type: 'invalid-tracking-number', title: 'That is not a valid tracking number', detail: check.message, extensions: { carrier } });
  const { ok: _ok, ...match } = check;
  return match;
}

/**
 * The carrier's public tracking page for a number. For a valid number it is the link the check
 * gives (routing prefixes dropped); anything else is still linked as typed, normalized when it can
 * be, so a page showing an old or mistyped number never fails for it.
 */
export function trackingUrl(carrier: CarrierCode, number: string): string {
  const check = checkTrackingNumber(carrier, number);
  if (check.ok) return check.url;
  const shown = normalizeTrackingNumber(number) ?? String(number).trim().slice(0, MAX_TRACKING_NUMBER_LENGTH);
  return CARRIERS[carrier].trackingUrl.replace('%s', encodeURIComponent(shown));
}
