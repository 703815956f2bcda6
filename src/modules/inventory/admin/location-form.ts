// A stock location as typed in its form.
import { checked, text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import type { LocationInput, LocationProblem, StockLocation } from '../locations.ts';
import { wholeNumber } from './whole-number.ts';

export interface LocationForm {
  code: string;
  name: string;
  address: string;
  processingDays: string;
  cutoffTime: string;
  priority: string;
  isDefault: boolean;
}

export const LOCATION_LABELS: Record<keyof LocationInput, string> = {
  code: 'Code',
  name: 'Name',
  address: 'Address',
  processingDays: 'Processing days',
  cutoffTime: 'Cut-off time',
  priority: 'Priority',
  isDefault: 'Default location',
};

export const emptyLocationForm = (): LocationForm => ({ code: '', name: '', address: '', processingDays: '1', cutoffTime: '14:00', priority: '100', isDefault: false });

export const locationForm = (location: StockLocation): LocationForm => ({
  code: location.code,
  name: location.name,
  address: location.address,
  processingDays: String(location.processingDays),
  cutoffTime: location.cutoffTime,
  priority: String(location.priority),
  isDefault: location.isDefault,
});

export function parseLocationForm(body: FormBody): { form: LocationForm; input: LocationInput } {
  const form: LocationForm = {
    code: text(body, 'code').trim(),
    name: text(body, 'name').trim(),
    address: text(body, 'address').replace(/\r\n/g, '\n').trim(),
    processingDays: text(body, 'processingDays').trim(),
    cutoffTime: text(body, 'cutoffTime').trim(),
    priority: text(body, 'priority').trim(),
    isDefault: checked(body, 'isDefault'),
  };
  // Not a whole number: NaN, which the location check refuses with its range.
  const input: LocationInput = { ...form, processingDays: wholeNumber(form.processingDays) ?? Number.NaN, priority: wholeNumber(form.priority) ?? Number.NaN };
  return { form, input };
}

export function locationErrors(problems: readonly LocationProblem[]): FormErrors {
  const errors = new FormErrors();
  for (const problem of problems) errors.add(problem.field, problem.message, LOCATION_LABELS[problem.field]);
  return errors;
}
