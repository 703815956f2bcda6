// The fields of a tax rate, for adding one and for changing it.
import { Field } from '../../../../web/components/Field.tsx';
import { CheckboxField } from '../../../../web/components/fields.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { MAX_LABEL_LENGTH, type TaxRateForm } from '../rate-form.ts';

export function TaxRateFields({ form, errors }: { form: TaxRateForm; errors: FormErrors | undefined }) {
  return (
    <>
      <div class="admin-inline-fields">
        <Field name="country" label="Country" value={form.country} error={errors?.for('country')} maxLength={2} hint="Two-letter code: US, CA, GB." required />
        <Field name="region" label="Region" value={form.region} error={errors?.for('region')} maxLength={6} hint="State or province code (NY, ON); empty for the whole country." />
        <Field name="label" label="Label" value={form.label} error={errors?.for('label')} maxLength={MAX_LABEL_LENGTH} hint="What shoppers read: Sales tax, VAT, HST." required />
        <Field name="rate" label="Rate (%)" value={form.rate} error={errors?.for('rate')} maxLength={7} hint="For example 7.25." required />
      </div>
      <CheckboxField name="shippingTaxed" label="Shipping is taxed too" checked={form.shippingTaxed} />
    </>
  );
}
