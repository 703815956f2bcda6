// Addresses per country: which fields are asked for and how they are called, tidying what
// was typed, and each field's problem, with nothing typed thrown away.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressProblems, tidyAddress, type Address } from './address.ts';
import { countryChoices } from './countries.ts';
import { addressFormat } from './formats.ts';

const SHIP_TO = ['US', 'CA', 'GB', 'IE', 'HK', 'FR'];

const address = (changes: Partial<Address>): Address => ({
  name: 'Ada Lovelace',
  line1: '1 Main Street',
  line2: '',
  city: 'Springfield',
  region: '',
  postalCode: '',
  country: 'US',
  phone: '',
  ...changes,
});

/** The problems of an address as checkout would see it: tidied first. */
const problems = (changes: Partial<Address>) => Object.fromEntries(addressProblems(tidyAddress(address(changes)), SHIP_TO).map((p) => [p.field, p.message]));

describe('address formats', () => {
  it('names the fields the way each country does', () => {
    const us = addressFormat('us');
    assert.deepEqual([us.regionLabel, us.regionRequired, us.postalLabel, us.postalRequired, us.postalNumeric], ['State', true, 'ZIP code', true, true]);
    assert.ok(us.regions!.some((r) => r.code === 'NY' && r.name === 'New York'));
    const ca = addressFormat('CA');
    assert.deepEqual([ca.regionLabel, ca.postalLabel, ca.regions!.length], ['Province', 'Postal code', 13]);
    const gb = addressFormat('GB');
    assert.deepEqual([gb.cityLabel, gb.regionLabel, gb.regionRequired, gb.regions, gb.postalLabel], ['Town or city', 'County', false, null, 'Postcode']);
    const hk = addressFormat('HK');
    assert.equal(hk.postalRequired, false, 'Hong Kong has no postal codes');
    assert.equal(addressFormat('FR').postalRequired, true);
  });

  it('offers the home country first, then the rest by name', () => {
    const choices = countryChoices(['FR', 'US', 'CA', 'GB'], 'en-US', 'US');
    assert.deepEqual(choices.map((c) => c.name), ['United States', 'Canada', 'France', 'United Kingdom']);
  });
});

describe('address checks', () => {
  it('accepts US ZIP codes and refuses others, keeping the value', () => {
    assert.deepEqual(problems({ region: 'NY', postalCode: '10001' }), {});
    assert.deepEqual(problems({ region: 'ny', postalCode: '10001-1234' }), {});
    assert.deepEqual(problems({ region: 'NY', postalCode: '1000' }), { postalCode: 'Enter a valid ZIP code, like 94103.' });
    assert.equal(tidyAddress(address({ postalCode: ' 1000 ' })).postalCode, '1000', 'the wrong value is kept to be corrected');
  });

  it('takes a state by code or name, and asks for one from the list', () => {
    assert.equal(tidyAddress(address({ region: 'new york' })).region, 'NY');
    assert.equal(tidyAddress(address({ region: 'US-CA' })).region, 'CA');
    assert.deepEqual(problems({ region: 'Narnia', postalCode: '10001' }), { region: 'Choose the state.' });
    assert.deepEqual(problems({ region: '', postalCode: '10001' }), { region: 'Choose the state.' });
  });

  it('spaces Canadian postal codes and refuses impossible ones', () => {
    assert.equal(tidyAddress(address({ country: 'ca', postalCode: 'k1a0b1' })).postalCode, 'K1A 0B1');
    assert.deepEqual(problems({ country: 'CA', region: 'ON', postalCode: 'k1a0b1' }), {});
    assert.deepEqual(problems({ country: 'CA', region: 'ON', postalCode: '12345' }), { postalCode: 'Enter a valid postal code, like K1A 0B1.' });
    assert.deepEqual(problems({ country: 'CA', region: 'NY', postalCode: 'K1A 0B1' }), { region: 'Choose the province.' });
  });

  it('spaces British postcodes, needs no county, and refuses impossible postcodes', () => {
    assert.equal(tidyAddress(address({ country: 'GB', postalCode: 'sw1a1aa' })).postalCode, 'SW1A 1AA');
    assert.deepEqual(problems({ country: 'GB', postalCode: 'SW1A 1AA' }), {});
    assert.deepEqual(problems({ country: 'GB', postalCode: '' }), { postalCode: 'Enter the postcode, like SW1A 1AA.' });
    assert.deepEqual(problems({ country: 'GB', postalCode: '123 456' }), { postalCode: 'Enter a valid postcode, like SW1A 1AA.' });
  });

  it('needs no postal code where the country has none, or where it is optional', () => {
    assert.deepEqual(problems({ country: 'HK' }), {});
    assert.deepEqual(problems({ country: 'IE' }), {});
    assert.deepEqual(problems({ country: 'IE', postalCode: 'nonsense' }), { postalCode: 'Enter a valid Eircode, like D02 X285.' });
  });

  it('asks for what is missing and refuses what is too long or not shipped to', () => {
    assert.deepEqual(problems({ name: ' ', line1: '', city: '', country: 'GB', postalCode: 'SW1A 1AA' }), {
      name: 'Enter the full name of the person receiving the parcel.',
      line1: 'Enter the street address or PO box.',
      city: 'Enter the town or city.',
    });
    assert.deepEqual(problems({ country: 'GB', postalCode: 'SW1A 1AA', line2: 'x'.repeat(101) }), { line2: 'Use at most 100 characters.' });
    assert.deepEqual(problems({ country: '', postalCode: '' }), { country: 'Choose the country.' });
    assert.deepEqual(problems({ country: 'DE', postalCode: '10115' }), { country: 'We do not ship to this country. Choose one from the list.' });
  });

  it('takes a phone number loosely but refuses letters and too few digits', () => {
    assert.deepEqual(problems({ country: 'GB', postalCode: 'SW1A 1AA', phone: '+44 (0)20 7946-0958' }), {});
    const wrong = { phone: 'Enter a phone number with digits, spaces and + ( ) - only, like +1 212 555 0100.' };
    assert.deepEqual(problems({ country: 'GB', postalCode: 'SW1A 1AA', phone: 'call me' }), wrong);
    assert.deepEqual(problems({ country: 'GB', postalCode: 'SW1A 1AA', phone: '123' }), wrong);
  });
});
