// The inventory settings as typed, checked against the limits the settings module keeps.
import { text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { SETTING_LIMITS, type InventorySettings } from '../settings.ts';
import { wholeNumber } from './whole-number.ts';

export type SettingsForm = Record<keyof InventorySettings, string>;

export const SETTING_LABELS: Record<keyof InventorySettings, string> = {
  reservationTtlMinutes: 'Checkout hold',
  lowStockThreshold: 'Low-stock threshold',
  defaultLeadTimeDays: 'Default restock time',
};

const FIELDS = Object.keys(SETTING_LABELS) as (keyof InventorySettings)[];

export const settingsForm = (settings: InventorySettings): SettingsForm =>
  Object.fromEntries(FIELDS.map((field) => [field, String(settings[field])])) as SettingsForm;

export function parseSettingsForm(body: FormBody): { form: SettingsForm; errors: FormErrors; settings: InventorySettings | null } {
  const form = Object.fromEntries(FIELDS.map((field) => [field, text(body, field).trim()])) as SettingsForm;
  const errors = new FormErrors();
  const settings = {} as InventorySettings;
  for (const field of FIELDS) {
    const value = wholeNumber(form[field]);
    const { min, max } = SETTING_LIMITS[field];
    if (value === null || value < min || value > max) errors.add(field, `Enter a whole number from ${min} to ${max}.`, SETTING_LABELS[field]);
    else settings[field] = value;
  }
  return { form, errors, settings: errors.empty ? settings : null };
}
