// The simulator's fault switches as the merchant types them: shares as whole percentages,
// times in milliseconds, two checkboxes.
import { checked, text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import type { Faults, FaultsPatch } from '../simulator/faults.ts';

export interface FaultsForm {
  latencyMs: string;
  timeoutPercent: string;
  hangMs: string;
  errorPercent: string;
  lostResponsePercent: string;
  duplicateWebhooks: boolean;
  outOfOrderWebhooks: boolean;
}

export const FAULT_LABELS: Record<Exclude<keyof FaultsForm, 'duplicateWebhooks' | 'outOfOrderWebhooks'>, { label: string; hint: string; max: number }> = {
  latencyMs: { label: 'Slow answers (ms)', hint: 'Every answer from the gateway waits this long (0 to 60000).', max: 60_000 },
  timeoutPercent: { label: 'Timeouts (%)', hint: 'Share of calls carried out but answered only after the hang time, past the store’s timeout (0 to 100).', max: 100 },
  hangMs: { label: 'Hang time (ms)', hint: 'How long a timed-out call hangs (0 to 600000).', max: 600_000 },
  errorPercent: { label: 'Server errors (%)', hint: 'Share of calls answered 500 without doing anything (0 to 100).', max: 100 },
  lostResponsePercent: { label: 'Lost answers (%)', hint: 'Share of calls carried out whose answer never arrives (0 to 100).', max: 100 },
};

const percent = (rate: number) => String(Math.round(rate * 100));

export function faultsForm(faults: Faults): FaultsForm {
  return {
    latencyMs: String(faults.latencyMs),
    timeoutPercent: percent(faults.timeoutRate),
    hangMs: String(faults.hangMs),
    errorPercent: percent(faults.errorRate),
    lostResponsePercent: percent(faults.lostResponseRate),
    duplicateWebhooks: faults.duplicateWebhooks,
    outOfOrderWebhooks: faults.outOfOrderWebhooks,
  };
}

export function parseFaultsForm(body: FormBody): { form: FaultsForm; errors: FormErrors; patch: FaultsPatch | null } {
  const form: FaultsForm = {
    latencyMs: text(body, 'latencyMs').trim(),
    timeoutPercent: text(body, 'timeoutPercent').trim(),
    hangMs: text(body, 'hangMs').trim(),
    errorPercent: text(body, 'errorPercent').trim(),
    lostResponsePercent: text(body, 'lostResponsePercent').trim(),
    duplicateWebhooks: checked(body, 'duplicateWebhooks'),
    outOfOrderWebhooks: checked(body, 'outOfOrderWebhooks'),
  };
  const errors = new FormErrors();
  const numbers = {} as Record<keyof typeof FAULT_LABELS, number>;
  for (const [field, rule] of Object.entries(FAULT_LABELS) as [keyof typeof FAULT_LABELS, (typeof FAULT_LABELS)[keyof typeof FAULT_LABELS]][]) {
    const raw = form[field];
    const value = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= 0 && value <= rule.max)) errors.add(field, `Enter a whole number from 0 to ${rule.max}.`, rule.label);
    else numbers[field] = value;
  }
  if (!errors.empty) return { form, errors, patch: null };
  return {
    form,
    errors,
    patch: {
      latencyMs: numbers.latencyMs,
      timeoutRate: numbers.timeoutPercent / 100,
      hangMs: numbers.hangMs,
      errorRate: numbers.errorPercent / 100,
      lostResponseRate: numbers.lostResponsePercent / 100,
      duplicateWebhooks: form.duplicateWebhooks,
      outOfOrderWebhooks: form.outOfOrderWebhooks,
    },
  };
}
