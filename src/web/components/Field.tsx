// A labelled text input with its hint and error. The hint and error are tied to the input
// with aria-describedby, and the error also sets aria-invalid, so screen readers announce
// them with the field. Error text starts with a hidden "Error:" so it is not conveyed by
// colour alone.
import type { InputHTMLAttributes } from 'preact';
export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'search' | 'url' | 'date' | 'time';
  value?: string | number;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  /** Defaults to `field-<name>`; set it when one page has two fields of the same name. */
  id?: string;
}

export function Field({
  name,
  label,
  type = 'text',
  value,
  error,
  autocomplete,
  required = false,
  hint,
  maxLength,
  id = `field-${name}`,
}: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  // Preact types each input type separately (which roles it may take); any of ours is fine.
  const typeAttribute = { type } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <label class="field__label" for={id}>
        {label}
        {!required && <span class="field__optional"> (optional)</span>}
      </label>
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field__error" id={errorId}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        class="input"
        id={id}
        name={name}
        {...typeAttribute}
        // A password is never written back into a page.
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
