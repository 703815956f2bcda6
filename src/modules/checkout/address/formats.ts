// How an address is written in each country: what the city and region are called, whether a
// region must be picked from a list, what the postal code is called and whether the country
// has one. Countries not listed get the general form. Postal-code patterns come from
// `postcode-validator` (patterns for about 190 countries, kept up to date by its
// maintainers, plain JavaScript with its own types); a country it does not know is taken
// to have no postal codes, so the field is optional there.
import { postcodeValidatorExistsForCountry } from 'postcode-validator';
import { REGIONS, type Region } from './regions.ts';

export interface AddressFormat {
  country: string;
  cityLabel: string;
  /** "State", "Province", "County", "Region". */
  regionLabel: string;
  regionRequired: boolean;
  /** A select of these when present; free text otherwise. */
  regions: readonly Region[] | null;
  /** "ZIP code", "Postcode", "Postal code". */
  postalLabel: string;
  postalRequired: boolean;
  /** Shown as a hint and in the error: "94103". */
  postalExample: string | null;
  /** Digits-only codes get a number pad on phones. */
  postalNumeric: boolean;
}

type Override = Partial<Omit<AddressFormat, 'country' | 'regions'>>;

const OVERRIDES: Readonly<Record<string, Override>> = {
  US: { regionLabel: 'State', regionRequired: true, postalLabel: 'ZIP code', postalExample: '94103', postalNumeric: true },
  CA: { regionLabel: 'Province', regionRequired: true, postalExample: 'K1A 0B1' },
  AU: { cityLabel: 'Suburb or town', regionLabel: 'State', regionRequired: true, postalLabel: 'Postcode', postalExample: '2000', postalNumeric: true },
  GB: { cityLabel: 'Town or city', regionLabel: 'County', postalLabel: 'Postcode', postalExample: 'SW1A 1AA' },
  // Many Irish addresses are still written without their Eircode.
  IE: { cityLabel: 'Town or city', regionLabel: 'County', postalLabel: 'Eircode', postalRequired: false, postalExample: 'D02 X285' },
  DE: { postalExample: '10115', postalNumeric: true },
  FR: { postalExample: '75001', postalNumeric: true },
  NL: { postalLabel: 'Postcode', postalExample: '1012 AB' },
};

export function addressFormat(country: string): AddressFormat {
  const code = country.toUpperCase();
  const hasPostalCodes = /^[A-Z]{2}$/.test(code) && postcodeValidatorExistsForCountry(code);
  return {
    country: code,
    cityLabel: 'City',
    regionLabel: 'Region',
    regionRequired: false,
    postalLabel: 'Postal code',
    postalRequired: hasPostalCodes,
    postalExample: null,
    postalNumeric: false,
    ...OVERRIDES[code],
    regions: REGIONS[code] ?? null,
  };
}
