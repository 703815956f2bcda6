// Errors found in a submitted form, in the order of the form's fields, so the summary at
// the top of the page lists them as the merchant meets them. A field holds one message.

export interface FormError {
  /** The input's name (its id is `field-<name>`); absent for a form-level problem. */
  field?: string;
  message: string;
  /** What the summary puts before the message, e.g. "Variant 2 price". */
  label?: string;
}

export class FormErrors {
  readonly list: FormError[] = [];

  add(field: string | undefined, message: string, label?: string): void {
    if (field !== undefined && this.for(field)) return;
    this.list.push({ ...(field !== undefined ? { field } : {}), message, ...(label ? { label } : {}) });
  }

  for(field: string): string | undefined {
    return this.list.find((error) => error.field === field)?.message;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** The checks every short text field gets: required (when it is) and a length bound. */
export function checkText(errors: FormErrors, field: string, value: string, rule: { label: string; max: number; required?: boolean }): void {
  if (rule.required && value.trim() === '') errors.add(field, `Enter ${rule.label.toLowerCase()}.`, rule.label);
  else if (value.length > rule.max) errors.add(field, `Use at most ${rule.max} characters.`, rule.label);
}
