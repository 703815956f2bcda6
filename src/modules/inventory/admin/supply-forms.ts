// The inbound-supply forms as typed: a new expected receipt (on the supply page the variant
// is named by SKU; on a variant's page it is that variant), and receiving or cancelling one.
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import type { SupplyInput, SupplyProblem } from '../supply.ts';
import { wholeNumber } from './whole-number.ts';

export interface SupplyForm {
  sku: string;
  supplyReference: string;
  supplyLocation: string;
  supplyQuantity: string;
  supplyExpectedOn: string;
  supplyNote: string;
}

/** Where each field of an expected receipt is typed, and what the error summary calls it. */
const FIELDS: Record<keyof SupplyInput, { name: keyof SupplyForm; label: string }> = {
  variantId: { name: 'sku', label: 'SKU' },
  reference: { name: 'supplyReference', label: 'Purchase order' },
  locationId: { name: 'supplyLocation', label: 'Location' },
  quantity: { name: 'supplyQuantity', label: 'Units' },
  expectedOn: { name: 'supplyExpectedOn', label: 'Expected on' },
  note: { name: 'supplyNote', label: 'Note' },
};

export const emptySupplyForm = (locationId: string): SupplyForm => ({
  sku: '',
  supplyReference: '',
  supplyLocation: locationId,
  supplyQuantity: '',
  supplyExpectedOn: '',
  supplyNote: '',
});

export function parseSupplyForm(body: FormBody): SupplyForm {
  return {
    sku: text(body, 'sku').trim(),
    supplyReference: text(body, 'supplyReference').trim(),
    supplyLocation: text(body, 'supplyLocation'),
    supplyQuantity: text(body, 'supplyQuantity').trim(),
    supplyExpectedOn: text(body, 'supplyExpectedOn').trim(),
    supplyNote: text(body, 'supplyNote').trim(),
  };
}

/** The receipt to create for `variantId`; a quantity that is not a whole number is NaN, which the supply check refuses. */
export function supplyInput(form: SupplyForm, variantId: string): SupplyInput {
  return {
    reference: form.supplyReference,
    variantId,
    locationId: form.supplyLocation,
    quantity: wholeNumber(form.supplyQuantity) ?? Number.NaN,
    expectedOn: form.supplyExpectedOn,
    note: form.supplyNote,
  };
}

export function supplyErrors(problems: readonly SupplyProblem[]): FormErrors {
  const errors = new FormErrors();
  for (const problem of problems) errors.add(FIELDS[problem.field].name, problem.message, FIELDS[problem.field].label);
  return errors;
}

export const unknownSkuError = (sku: string): FormErrors => {
  const errors = new FormErrors();
  errors.add('sku', sku ? `No variant has the SKU "${sku}". Copy it from the stock overview.` : 'Enter the SKU of the variant that is coming in.', FIELDS.variantId.label);
  return errors;
};

/** A receive or cancel form of one open receipt, refused: what was typed and why. */
export interface RowAction {
  lineId: string;
  action: 'receive' | 'cancel';
  typed: string;
  error: string;
}

/** The id of a row form's input, unique on the page (the error summary links to it). */
export const rowField = (action: RowAction['action'], lineId: string): string => `${action}-${lineId}`;

/** What was typed into a receive form (units) or a cancel form (the reason). */
export function rowTyped(body: FormBody, action: RowAction['action']): string {
  return text(body, action === 'receive' ? 'receiveQuantity' : 'cancelReason').trim();
}

/** The error summary entry of a refused row form, linking to its field. */
export function rowErrors(failed: RowAction): FormErrors {
  const errors = new FormErrors();
  errors.add(rowField(failed.action, failed.lineId), failed.error, failed.action === 'receive' ? 'Units received' : 'Reason for cancelling');
  return errors;
}
