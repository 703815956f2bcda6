// The variant's selling policy as typed. Empty lead time and limit mean "the store's
// default" and "no limit"; the release date matters for pre-orders only.
import { checked, text, type FormBody } from '../../../web/forms/form-body.ts';
import { FormErrors } from '../../../web/forms/form-errors.ts';
import { policyProblems, type PolicySetting } from '../policies.ts';
import { STOCK_POLICIES, type StockPolicy } from '../schema.ts';
import { optionalWholeNumber } from './whole-number.ts';

export interface PolicyForm {
  policy: string;
  tracked: boolean;
  leadTimeDays: string;
  maxBackorder: string;
  releaseDate: string;
}

export const FIELD_LABELS: Record<keyof PolicySetting, string> = {
  policy: 'Selling policy',
  tracked: 'Count stock',
  leadTimeDays: 'Lead time',
  maxBackorder: 'Most units beyond stock',
  releaseDate: 'Release date',
};

export function policyForm(setting: PolicySetting): PolicyForm {
  return {
    policy: setting.policy,
    tracked: setting.tracked,
    leadTimeDays: setting.leadTimeDays === null ? '' : String(setting.leadTimeDays),
    maxBackorder: setting.maxBackorder === null ? '' : String(setting.maxBackorder),
    releaseDate: setting.releaseDate ?? '',
  };
}

const isPolicy = (value: string): value is StockPolicy => (STOCK_POLICIES as readonly string[]).includes(value);

export function parsePolicyForm(body: FormBody): { form: PolicyForm; errors: FormErrors; setting: PolicySetting | null } {
  const form: PolicyForm = {
    policy: text(body, 'policy'),
    tracked: checked(body, 'tracked'),
    leadTimeDays: text(body, 'leadTimeDays').trim(),
    maxBackorder: text(body, 'maxBackorder').trim(),
    releaseDate: text(body, 'releaseDate').trim(),
  };
  const errors = new FormErrors();
  if (!isPolicy(form.policy)) errors.add('policy', 'Choose how the variant sells.', FIELD_LABELS.policy);
  const leadTimeDays = optionalWholeNumber(form.leadTimeDays);
  const maxBackorder = optionalWholeNumber(form.maxBackorder);
  const setting: PolicySetting = {
    policy: isPolicy(form.policy) ? form.policy : 'deny',
    tracked: form.tracked,
    // Not a whole number: NaN, which the policy check refuses with its range.
    leadTimeDays: leadTimeDays === undefined ? null : (leadTimeDays ?? Number.NaN),
    maxBackorder: maxBackorder === undefined ? null : (maxBackorder ?? Number.NaN),
    releaseDate: form.releaseDate || null,
  };
  for (const problem of policyProblems(setting)) errors.add(problem.field, problem.message, FIELD_LABELS[problem.field]);
  return { form, errors, setting: errors.empty ? setting : null };
}
