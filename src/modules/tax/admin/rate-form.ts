// The tax-rate form as typed: checked field by field, so a refused form comes back with
// every value the merchant typed and a message beside each one that is wrong.
import { parseMinorUnits } from '../../../platform/money.ts';
import { checked, text, type FormBody } from '../../../web/forms/form-body.ts';
import { checkText, FormErrors } from '../../../web/forms/form-errors.ts';
import { formatRate, MAX_RATE_BPS } from '../math.ts';
import { regionKey, type StoredTaxRate, type TaxRateInput } from '../rates.ts';

export interface TaxRateForm {
  country: string;
  region: string;
  label: string;
  /** Percent, as typed: "7.25". */
  rate: string;
  shippingTaxed: boolean;
}

export const MAX_LABEL_LENGTH = 40;

export const emptyRateForm = (): TaxRateForm => ({ country: '', region: '', label: '', rate: '', shippingTaxed: true });

export const rateForm = (rate: StoredTaxRate): TaxRateForm => ({
  country: rate.country,
  region: rate.region,
  label: rate.label,
  rate: formatRate(rate.rateBps).replace(' %', ''),
  shippingTaxed: rate.shippingTaxed,
});

export function parseRateForm(body: FormBody): { form: TaxRateForm; errors: FormErrors; input: TaxRateInput | null } {
  const form: TaxRateForm = {
    country: text(body, 'country').trim().toUpperCase(),
    region: text(body, 'region').trim().toUpperCase(),
    label: text(body, 'label').trim(),
    rate: text(body, 'rate').trim(),
    shippingTaxed: checked(body, 'shippingTaxed'),
  };
  const errors = new FormErrors();
  if (!/^[A-Z]{2}$/.test(form.country)) errors.add('country', 'Enter the two-letter country code, like US or GB.', 'Country');
  const region = regionKey(form.country, form.region);
  if (!/^[A-Z0-9]{0,3}$/.test(region)) errors.add('region', 'Enter the region’s code of up to three letters or digits, like NY or ON, or leave it empty for the whole country.', 'Region');
  checkText(errors, 'label', form.label, { label: 'Label', max: MAX_LABEL_LENGTH, required: true });
  // Hundredths of a percent are basis points.
  const rateBps = parseMinorUnits(form.rate.replace(/\s*%$/, ''), 2);
  if (rateBps === null || rateBps > MAX_RATE_BPS) errors.add('rate', 'Enter a percentage from 0 to 100 with at most two decimals, like 7.25.', 'Rate');
  if (!errors.empty) return { form, errors, input: null };
  return { form, errors, input: { country: form.country, region, label: form.label, rateBps: rateBps!, shippingTaxed: form.shippingTaxed } };
}
