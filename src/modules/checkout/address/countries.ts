// The countries checkout offers: those the merchant's shipping zones name, and, when a
// rest-of-world zone ships everywhere else, every other country as well.
import type { Db } from '../../../platform/db/database.ts';
import { methodsFor, shippingCountries } from '../../shipping/index.ts';

/** ISO 3166-1 alpha-2 codes of the countries and territories people live in. */
const ALL_COUNTRIES = (
  'AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI ' +
  'CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP ' +
  'GQ GR GS GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR ' +
  'LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE ' +
  'PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TG TH ' +
  'TJ TK TL TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

/**
 * ISO's code for "unknown country", which no zone lists: only a rest-of-world zone has
 * methods for it, so asking for it tells whether the store ships everywhere.
 */
const UNLISTED_COUNTRY = 'ZZ';

/** Codes of the countries a shopper may ship to, the zones' own first. */
export async function shipToCountries(db: Db): Promise<readonly string[]> {
  const [named, elsewhere] = await Promise.all([shippingCountries(db), methodsFor(db, UNLISTED_COUNTRY)]);
  return elsewhere.length > 0 ? [...new Set([...named, ...ALL_COUNTRIES])] : named;
}

/** The countries as a select offers them: the home market first, then by name in the store's language. */
export function countryChoices(codes: readonly string[], locale: string, home: string | null): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const collator = new Intl.Collator(locale);
  return codes
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => (a.code === home ? -1 : b.code === home ? 1 : collator.compare(a.name, b.name)));
}
