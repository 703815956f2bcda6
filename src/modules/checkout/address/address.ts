// A shipping address as the shopper typed it, tidied for use (trimmed, codes in capitals,
// the postal code spaced as the post writes it) and checked field by field against its
// country's format. Checking says what is wrong with each field; it never drops a value.
import { postcodeValidator } from 'postcode-validator';
import type { FieldError } from '../../../platform/http/problem.ts';
import { addressFormat, type AddressFormat } from './formats.ts';

export interface Address {
  name: string;
  line1: string;
  line2: string;
  city: string;
  /** A subdivision code ("NY") where the country has a list; free text elsewhere. */
  region: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone: string;
}

export type AddressField = keyof Address;

/** The longest value each field accepts. */
export const ADDRESS_LIMITS: Readonly<Record<AddressField, number>> = { name: 100, line1: 100, line2: 100, city: 60, region: 60, postalCode: 12, country: 2, phone: 30 };

const PHONE_CHARACTERS = /^[0-9+()\s./-]+$/;

function tidyPostalCode(value: string, country: string): string {
  const code = value.trim().toUpperCase().replace(/\s+/g, ' ');
  const compact = code.replace(/ /g, '');
  // Canadian and British codes end in a three-character inward part after one space.
  if (country === 'CA' && /^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact)) return `${compact.slice(0, 3)} ${compact.slice(3)}`;
  if (country === 'GB' && /^[A-Z0-9]{5,7}$/.test(compact)) return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return code;
}

/** Where the country has a list, a code or name typed in any case becomes the code. */
function tidyRegion(value: string, format: AddressFormat): string {
  const typed = value.trim();
  if (!format.regions) return typed;
  const key = typed.toUpperCase().replace(new RegExp(`^${format.country}-`), '');
  return format.regions.find((r) => r.code === key || r.name.toUpperCase() === key)?.code ?? typed;
}

export function tidyAddress(address: Address): Address {
  const country = address.country.trim().toUpperCase();
  const format = addressFormat(country);
  return {
    name: address.name.trim(),
    line1: address.line1.trim(),
    line2: address.line2.trim(),
    city: address.city.trim(),
    region: tidyRegion(address.region, format),
    postalCode: tidyPostalCode(address.postalCode, country),
    country,
    phone: address.phone.trim(),
  };
}

/** What is wrong with each field of a (tidied) address; empty when it can be shipped to. */
export function addressProblems(address: Address, shipTo: readonly string[]): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: AddressField, message: string) => problems.push({ field, message });
  const format = addressFormat(address.country);
  const text = (field: AddressField, missing: string | null) => {
    const value = address[field];
    if (value === '') {
      if (missing) add(field, missing);
    } else if (value.length > ADDRESS_LIMITS[field]) add(field, `Use at most ${ADDRESS_LIMITS[field]} characters.`);
  };

  text('name', 'Enter the full name of the person receiving the parcel.');
  text('line1', 'Enter the street address or PO box.');
  text('line2', null);
  text('city', `Enter the ${format.cityLabel.toLowerCase()}.`);

  if (format.regions) {
    if (!format.regions.some((r) => r.code === address.region)) add('region', `Choose the ${format.regionLabel.toLowerCase()}.`);
  } else text('region', format.regionRequired ? `Enter the ${format.regionLabel.toLowerCase()}.` : null);

  const example = format.postalExample ? `, like ${format.postalExample}` : '';
  // Common nouns go lower case in a sentence; "ZIP code" and "Eircode" keep their capitals.
  const postal = /^(Postal code|Postcode)$/.test(format.postalLabel) ? format.postalLabel.toLowerCase() : format.postalLabel;
  if (address.postalCode === '') {
    if (format.postalRequired) add('postalCode', `Enter the ${postal}${example}.`);
  } else if (address.postalCode.length > ADDRESS_LIMITS.postalCode || !validPostalCode(address.postalCode, address.country)) {
    add('postalCode', `Enter a valid ${postal}${example}.`);
  }

  if (address.country === '') add('country', 'Choose the country.');
  else if (!shipTo.includes(address.country)) add('country', 'We do not ship to this country. Choose one from the list.');

  if (address.phone !== '') {
    const digits = address.phone.replace(/\D/g, '').length;
    if (address.phone.length > ADDRESS_LIMITS.phone || !PHONE_CHARACTERS.test(address.phone) || digits < 6 || digits > 15) {
      add('phone', 'Enter a phone number with digits, spaces and + ( ) - only, like +1 212 555 0100.');
    }
  }
  return problems;
}

/** A country without postal codes of its own accepts whatever the shopper writes. */
function validPostalCode(code: string, country: string): boolean {
  try {
    return postcodeValidator(code, country);
  } catch {
    return true;
  }
}
