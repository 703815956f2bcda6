// The schedule and change forms as typed: local dates and times in the store's time zone, the
// scope and the message. Parsing turns them into instants or says, per field, what is wrong;
// the window rules (windows.ts) then add theirs beside the same fields.
import { text, type FormBody } from '../../web/forms/form-body.ts';
import { FormErrors } from '../../web/forms/form-errors.ts';
import { MAINTENANCE_SCOPES, type MaintenanceScope } from './schema.ts';
import { instantFromLocal, localFields } from './times.ts';
import type { MaintenanceWindow, NewWindow, WindowProblem } from './windows.ts';

export interface WindowForm {
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  scope: string;
  message: string;
}

export const SCOPE_LABELS: Record<MaintenanceScope, string> = {
  checkout: 'Checkout and payments',
  site: 'The whole store',
};

/** What a scope means for a shopper, in a sentence: "checkout and payments will not work". */
export const SCOPE_EFFECTS: Record<MaintenanceScope, string> = {
  checkout: 'Checkout and payments will not work; you can still browse and fill your cart.',
  site: 'The whole store will be unavailable.',
};

const LABELS: Record<keyof WindowForm, string> = {
  startDate: 'Start day',
  startTime: 'Start time',
  endDate: 'End day',
  endTime: 'End time',
  scope: 'What will not work',
  message: 'Message',
};

const FIELD_OF: Record<WindowProblem['field'], keyof WindowForm> = { start: 'startDate', end: 'endDate', scope: 'scope', message: 'message' };

export function emptyWindowForm(): WindowForm {
  return { startDate: '', startTime: '', endDate: '', endTime: '', scope: 'checkout', message: '' };
}

/** The change form of a window: its end as it stands. */
export function endForm(window: MaintenanceWindow, timeZone: string): Pick<WindowForm, 'endDate' | 'endTime'> {
  const end = localFields(window.endsAt, timeZone);
  return { endDate: end.date, endTime: end.time };
}

/** The window rules' problems, beside the fields they are about. */
export function addProblems(errors: FormErrors, problems: readonly WindowProblem[]): FormErrors {
  for (const problem of problems) errors.add(FIELD_OF[problem.field], problem.message, LABELS[FIELD_OF[problem.field]]);
  return errors;
}

function instantOf(errors: FormErrors, form: WindowForm, which: 'start' | 'end', timeZone: string): Date | null {
  const date = form[`${which}Date`];
  const time = form[`${which}Time`];
  const instant = instantFromLocal(date, time, timeZone);
  if (instant) return instant;
  if (instantFromLocal(date, '00:00', timeZone) === null) errors.add(`${which}Date`, 'Enter a day as YYYY-MM-DD, e.g. 2026-12-08.', LABELS[`${which}Date`]);
  else errors.add(`${which}Time`, 'Enter a time as HH:MM on a 24-hour clock, e.g. 02:00.', LABELS[`${which}Time`]);
  return null;
}

export function parseWindowForm(body: FormBody, timeZone: string): { form: WindowForm; errors: FormErrors; input?: NewWindow } {
  const form: WindowForm = {
    startDate: text(body, 'startDate').trim(),
    startTime: text(body, 'startTime').trim(),
    endDate: text(body, 'endDate').trim(),
    endTime: text(body, 'endTime').trim(),
    scope: text(body, 'scope'),
    message: text(body, 'message'),
  };
  const errors = new FormErrors();
  const startsAt = instantOf(errors, form, 'start', timeZone);
  const endsAt = instantOf(errors, form, 'end', timeZone);
  const scope = MAINTENANCE_SCOPES.find((s) => s === form.scope);
  if (!scope) errors.add('scope', 'Choose what will not work.', LABELS.scope);
  if (!startsAt || !endsAt || !scope) return { form, errors };
  return { form, errors, input: { startsAt, endsAt, scope, message: form.message } };
}

/** The new end typed in the change form. */
export function parseEndForm(body: FormBody, timeZone: string): { form: WindowForm; errors: FormErrors; endsAt?: Date } {
  const form = { ...emptyWindowForm(), endDate: text(body, 'endDate').trim(), endTime: text(body, 'endTime').trim() };
  const errors = new FormErrors();
  const endsAt = instantOf(errors, form, 'end', timeZone);
  return endsAt ? { form, errors, endsAt } : { form, errors };
}
