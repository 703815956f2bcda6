// The carriers' number formats as ts-tracking-number reads them: upstream's jkeen/tracking_number_data
// files, pinned in vectors/ (origin and commit in vectors/SOURCE.md), checked once when loaded.
//
// Why not the copy the library bundles: it is an older snapshot of the same data. Run against our
// vectors it refuses 23 valid numbers (FedEx ASTRA 32, the newer FedEx 34 ranges, DHL eCommerce 14
// and alphanumeric GM numbers, and USPS IMpb C numbers it reads as the retired FedEx SmartPost) and
// accepts an invalid USPS one as FedEx SmartPost. `getTracking(number, couriers)` takes the data as
// an argument, so the library's engine (regexes, check digits, lookups) runs on the current files.
import type { TrackingCourier, TrackingData } from 'ts-tracking-number';
import type { CarrierCode } from './carriers.ts';
import dhlJson from './vectors/dhl.json' with { type: 'json' };
import fedexJson from './vectors/fedex.json' with { type: 'json' };
import upsJson from './vectors/ups.json' with { type: 'json' };
import uspsJson from './vectors/usps.json' with { type: 'json' };

/** The checksums ts-tracking-number computes; any other name it silently treats as "no check digit". */
const KNOWN_CHECKSUMS = ['mod10', 'mod7', 's10', 'sum_product_with_weightings_and_modulo'];

/**
 * One courier file, checked for what the library relies on, so a bad or newer copy fails at start
 * with a clear message instead of quietly accepting every number that matches a shape.
 */
export function readCourierData(json: unknown, courierCode: string): TrackingCourier {
  const fail = (what: string): never => {
    throw new Error(`tracking-number data for ${courierCode}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not an object');
  const data = json as Record<string, unknown>;
  if (typeof data.name !== 'string') fail('no name');
  if (data.courier_code !== courierCode) fail(`courier_code is ${JSON.stringify(data.courier_code)}`);
  if (!Array.isArray(data.tracking_numbers) || data.tracking_numbers.length === 0) fail('no tracking_numbers');
  for (const format of data.tracking_numbers as unknown[]) {
    if (typeof format !== 'object' || format === null) return fail('a format is not an object');
    const f = format as Record<string, unknown>;
    if (typeof f.name !== 'string') fail('a format has no name');
    const regex = f.regex;
    if (!(typeof regex === 'string' || (Array.isArray(regex) && regex.every((part) => typeof part === 'string')))) fail(`${String(f.name)}: regex is not a string or a list of strings`);
    try {
      formatPattern(f as unknown as TrackingData);
    } catch {
      fail(`${String(f.name)}: regex does not compile`);
    }
    if (typeof f.validation !== 'object' || f.validation === null) fail(`${String(f.name)}: no validation`);
    const checksum = (f.validation as { checksum?: { name?: unknown } }).checksum;
    if (checksum !== undefined && !KNOWN_CHECKSUMS.includes(String(checksum.name))) fail(`${String(f.name)}: checksum ${String(checksum.name)} is not one the library computes`);
  }
  return json as TrackingCourier;
}

export const COURIER_DATA: Readonly<Record<CarrierCode, TrackingCourier>> = {
  ups: readCourierData(upsJson, 'ups'),
  fedex: readCourierData(fedexJson, 'fedex'),
  usps: readCourierData(uspsJson, 'usps'),
  dhl: readCourierData(dhlJson, 'dhl'),
};

/** A format's regex, whole-string, for reading its named groups (service type, routing prefix …). */
export function formatPattern(format: TrackingData): RegExp {
  const source = typeof format.regex === 'string' ? format.regex : format.regex.join('');
  return new RegExp(`^(?:${source})$`);
}

export function formatNamed(carrier: CarrierCode, name: string): TrackingData | undefined {
  return COURIER_DATA[carrier].tracking_numbers.find((format) => format.name === name);
}
