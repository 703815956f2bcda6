// The fields of a stock location, for adding one and for editing it.
import { Field } from '../../../../web/components/Field.tsx';
import { CheckboxField, TextAreaField } from '../../../../web/components/fields.tsx';
import type { FormErrors } from '../../../../web/forms/form-errors.ts';
import { LOCATION_LIMITS } from '../../locations.ts';
import type { LocationForm } from '../location-form.ts';

export function LocationFields({ form, errors }: { form: LocationForm; errors: FormErrors | undefined }) {
  return (
    <>
      <div class="admin-inline-fields">
        <Field name="name" label="Name" value={form.name} error={errors?.for('name')} maxLength={LOCATION_LIMITS.name} required />
        <Field name="code" label="Code" value={form.code} error={errors?.for('code')} maxLength={LOCATION_LIMITS.code} hint="Lower-case letters, digits and hyphens; warehouse files name the location by it." required />
      </div>
      <TextAreaField name="address" label="Address" value={form.address} error={errors?.for('address')} rows={4} maxLength={LOCATION_LIMITS.address} />
      <div class="admin-inline-fields">
        <Field
          name="processingDays"
          label="Processing days"
          value={form.processingDays}
          error={errors?.for('processingDays')}
          maxLength={2}
          hint="Business days from order to dispatch, 0 to 30."
          required
        />
        <Field name="cutoffTime" label="Cut-off time" value={form.cutoffTime} error={errors?.for('cutoffTime')} maxLength={5} hint="Orders before this time (HH:MM, store time) start the same day." required />
        <Field
          name="priority"
          label="Priority"
          value={form.priority}
          error={errors?.for('priority')}
          maxLength={5}
          hint="After the default, checkouts take stock from the lowest number first."
          required
        />
      </div>
      <CheckboxField name="isDefault" label="Default location" checked={form.isDefault} hint="Ships first; imports and the product form count stock here. There is always exactly one." />
    </>
  );
}
