// The fields of a new expected receipt. The supply page asks for the variant's SKU; a
// variant's own page does not.
import type { LocalDate } from '../../../../platform/calendar.ts';
import { Field } from '../../../../web/components/Field.tsx';
import { SelectField } from '../../../../web/components/fields.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import type { StockLocation } from '../../locations.ts';
import { SUPPLY_LIMITS } from '../../supply.ts';
import type { SupplyForm } from '../supply-forms.ts';

export interface SupplyFieldsProps {
  form: SupplyForm;
  errors: FormErrors | undefined;
  locations: StockLocation[];
  today: LocalDate;
  withSku?: boolean;
}

export function SupplyFields({ form, errors, locations, today, withSku = false }: SupplyFieldsProps) {
  return (
    <>
      <div class="admin-inline-fields">
        {withSku && <Field name="sku" label="SKU" value={form.sku} error={errors?.for('sku')} maxLength={255} hint="As on the stock overview." required />}
        <Field name="supplyReference" label="Purchase order" value={form.supplyReference} error={errors?.for('supplyReference')} maxLength={SUPPLY_LIMITS.reference} />
        <SelectField name="supplyLocation" label="Arrives at" value={form.supplyLocation} choices={locations.map((l) => ({ value: l.id, label: l.name }))} error={errors?.for('supplyLocation')} />
        <Field name="supplyQuantity" label="Units" value={form.supplyQuantity} error={errors?.for('supplyQuantity')} maxLength={10} required />
        <Field name="supplyExpectedOn" label="Expected on" type="date" value={form.supplyExpectedOn} error={errors?.for('supplyExpectedOn')} hint={`Today or later (today is ${today}).`} required />
      </div>
      <Field name="supplyNote" label="Note" value={form.supplyNote} error={errors?.for('supplyNote')} maxLength={SUPPLY_LIMITS.note} />
    </>
  );
}
