// The carrier simulator's fault switches as the merchant types them: shares as whole
// percentages and the lateness in minutes.
import { text, type FormBody } from '../../../../../web/forms/form-body.ts';
import { FormErrors } from '../../../../../web/forms/form-errors.ts';
import type { CarrierFaults, CarrierFaultsPatch } from '../faults.ts';

type Rates = 'addressIssueRate' | 'delayRate' | 'lateRate' | 'duplicateRate' | 'outOfOrderRate' | 'lostRate';
export type CarrierFaultsForm = Record<Rates | 'lateMinutes', string>;

export const FAULT_FIELDS: readonly { field: keyof CarrierFaultsForm; label: string; hint: string; max: number }[] = [
  { field: 'addressIssueRate', label: 'Address problems (% of parcels)', hint: 'The first delivery attempt fails on an incomplete address; delivered the next business day.', max: 100 },
  { field: 'delayRate', label: 'Delays in transit (% of parcels)', hint: 'A delay scan moves the estimate one or two business days on.', max: 100 },
  { field: 'lateRate', label: 'Late webhooks (% of events)', hint: 'The store hears of the event only after the lateness below.', max: 100 },
  { field: 'lateMinutes', label: 'Lateness (minutes)', hint: '0 to 2880.', max: 2880 },
  { field: 'duplicateRate', label: 'Duplicate webhooks (% of events)', hint: 'The event is sent a second time.', max: 100 },
  { field: 'outOfOrderRate', label: 'Out-of-order events (% of parcels)', hint: 'Two events in a row reach the store newest first.', max: 100 },
  { field: 'lostRate', label: 'Lost webhooks (% of deliveries)', hint: 'Lost on the way on the first try; sent again a minute later.', max: 100 },
];

const percent = (rate: number) => String(Math.round(rate * 100));

export function carrierFaultsForm(faults: CarrierFaults): CarrierFaultsForm {
  return {
    addressIssueRate: percent(faults.addressIssueRate),
    delayRate: percent(faults.delayRate),
    lateRate: percent(faults.lateRate),
    lateMinutes: String(faults.lateMinutes),
    duplicateRate: percent(faults.duplicateRate),
    outOfOrderRate: percent(faults.outOfOrderRate),
    lostRate: percent(faults.lostRate),
  };
}

export function parseCarrierFaultsForm(body: FormBody): { form: CarrierFaultsForm; errors: FormErrors; patch: CarrierFaultsPatch | null } {
  const form = Object.fromEntries(FAULT_FIELDS.map(({ field }) => [field, text(body, field).trim()])) as CarrierFaultsForm;
  const errors = new FormErrors();
  const patch: Record<string, number> = {};
  for (const { field, label, max } of FAULT_FIELDS) {
    const value = /^\d{1,5}$/.test(form[field]) ? Number(form[field]) : NaN;
    if (!(value >= 0 && value <= max)) errors.add(field, `Enter a whole number from 0 to ${max}.`, label);
    else patch[field] = field === 'lateMinutes' ? value : value / 100;
  }
  return { form, errors, patch: errors.empty ? (patch as CarrierFaultsPatch) : null };
}
