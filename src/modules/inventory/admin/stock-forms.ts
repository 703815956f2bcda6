// The variant page's two stock forms as typed (every value a string, so a refused form comes
// back as the merchant left it): adjusting one location's on-hand, and moving units between
// two locations.
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import { checkText, FormErrors } from '../../../web/forms/form-errors.ts';
import type { StockChange } from '../adjust.ts';
import type { StockLocation } from '../locations.ts';
import type { Transfer } from '../transfer.ts';
import { wholeNumber } from './whole-number.ts';

export const REASON_MAX = 200;

export interface AdjustForm {
  adjustLocation: string;
  /** set: the quantity is what was counted; delta: units to add (or remove, negative). */
  adjustMode: string;
  adjustQuantity: string;
  adjustReason: string;
}

export interface TransferForm {
  transferFrom: string;
  transferTo: string;
  transferQuantity: string;
  transferReason: string;
}

export const emptyAdjustForm = (locations: readonly StockLocation[]): AdjustForm => ({ adjustLocation: locations[0]?.id ?? '', adjustMode: 'set', adjustQuantity: '', adjustReason: '' });

export const emptyTransferForm = (locations: readonly StockLocation[]): TransferForm => ({
  transferFrom: locations[0]?.id ?? '',
  transferTo: locations[1]?.id ?? '',
  transferQuantity: '',
  transferReason: '',
});

function checkLocation(errors: FormErrors, field: string, id: string, locations: readonly StockLocation[], label: string): StockLocation | undefined {
  const location = locations.find((l) => l.id === id);
  if (!location) errors.add(field, 'Choose one of the stock locations.', label);
  return location;
}

export function parseAdjustForm(body: FormBody, variantId: string, locations: readonly StockLocation[]): { form: AdjustForm; errors: FormErrors; change: StockChange | null } {
  const form: AdjustForm = {
    adjustLocation: text(body, 'adjustLocation'),
    adjustMode: text(body, 'adjustMode') === 'delta' ? 'delta' : 'set',
    adjustQuantity: text(body, 'adjustQuantity').trim(),
    adjustReason: text(body, 'adjustReason').trim(),
  };
  const errors = new FormErrors();
  checkLocation(errors, 'adjustLocation', form.adjustLocation, locations, 'Location');
  const quantity = wholeNumber(form.adjustQuantity);
  if (quantity === null) {
    const example = form.adjustMode === 'set' ? 'such as 12' : 'such as 5 to add units or -3 to remove them';
    errors.add('adjustQuantity', `Enter a whole number of units, ${example}.`, 'Quantity');
  } else if (form.adjustMode === 'set' && quantity < 0) {
    errors.add('adjustQuantity', 'On hand cannot be below 0: enter what you counted.', 'Quantity');
  } else if (form.adjustMode === 'delta' && quantity === 0) {
    errors.add('adjustQuantity', 'Enter the number of units to add or remove (not 0).', 'Quantity');
  }
  checkText(errors, 'adjustReason', form.adjustReason, { label: 'Reason', max: REASON_MAX, required: true });
  if (!errors.empty) return { form, errors, change: null };
  const amount = form.adjustMode === 'set' ? { set: quantity! } : { delta: quantity! };
  return { form, errors, change: { variantId, locationId: form.adjustLocation, ...amount, reason: form.adjustReason } };
}

export function parseTransferForm(body: FormBody, variantId: string, locations: readonly StockLocation[]): { form: TransferForm; errors: FormErrors; transfer: Transfer | null } {
  const form: TransferForm = {
    transferFrom: text(body, 'transferFrom'),
    transferTo: text(body, 'transferTo'),
    transferQuantity: text(body, 'transferQuantity').trim(),
    transferReason: text(body, 'transferReason').trim(),
  };
  const errors = new FormErrors();
  const from = checkLocation(errors, 'transferFrom', form.transferFrom, locations, 'From');
  const to = checkLocation(errors, 'transferTo', form.transferTo, locations, 'To');
  if (from && to && from.id === to.id) errors.add('transferTo', 'Choose a different location from the one the units leave.', 'To');
  const quantity = wholeNumber(form.transferQuantity);
  if (quantity === null || quantity <= 0) errors.add('transferQuantity', 'Enter a whole number of units to move, at least 1.', 'Units');
  checkText(errors, 'transferReason', form.transferReason, { label: 'Reason', max: REASON_MAX });
  if (!errors.empty) return { form, errors, transfer: null };
  const reason = form.transferReason || `Moved from ${from!.name} to ${to!.name}`;
  return { form, errors, transfer: { variantId, fromLocationId: from!.id, toLocationId: to!.id, quantity: quantity!, reason } };
}
