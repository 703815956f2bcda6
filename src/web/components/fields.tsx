// Form controls beyond the shared text Field: a text area, a select, a checkbox, and the
// compact inputs of table rows (whose visible label is the column header, so each input
// carries its own full label for assistive technology). All tie hints and errors to the
// control with aria-describedby and mark errors with aria-invalid, like Field.
import type { ComponentChildren, InputHTMLAttributes } from 'preact';

interface Described {
  describedBy: string | undefined;
  hint: ComponentChildren;
  error: ComponentChildren;
}

function described(id: string, hint: string | undefined, error: string | undefined): Described {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined,
    hint: hint ? (
      <p class="field__hint" id={hintId}>
        {hint}
      </p>
    ) : null,
    error: error ? (
      <p class="field__error" id={errorId}>
        <span class="visually-hidden">Error: </span>
        {error}
      </p>
    ) : null,
  };
}

interface BaseProps {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

function Label({ id, label, required }: { id: string; label: string; required: boolean }) {
  return (
    <label class="field__label" for={id}>
      {label}
      {!required && <span class="field__optional"> (optional)</span>}
    </label>
  );
}

export function TextAreaField({ name, label, value, error, hint, required = false, rows = 8, maxLength }: BaseProps & { value: string; rows?: number; maxLength?: number }) {
  const id = `field-${name}`;
  const d = described(id, hint, error);
  return (
    <div class={error ? 'field field--invalid field--wide' : 'field field--wide'}>
      <Label id={id} label={label} required={required} />
      {d.hint}
      {d.error}
      <textarea
        class="input"
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={d.describedBy}
        value={value}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField({ name, label, value, choices, error, hint }: Omit<BaseProps, 'required'> & { value: string; choices: readonly Choice[] }) {
  const id = `field-${name}`;
  const d = described(id, hint, error);
  return (
    <div class={error ? 'field field--invalid' : 'field'}>
      <Label id={id} label={label} required />
      {d.hint}
      {d.error}
      <select class="input" id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={d.describedBy}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} selected={choice.value === value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label class="choice" for={id}>
        <input type="checkbox" id={id} name={name} value="yes" checked={checked} aria-describedby={hintId} />
        {label}
      </label>
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

type CellProps = {
  name: string;
  /** Defaults to `field-<name>`; set it when several rows' forms on one page have the same field. */
  id?: string;
  /** The full label, e.g. "Price of variant 2". */
  label: string;
  error?: string | undefined;
  /** The id of a hint shared by the whole column (its header's note). */
  describedBy?: string;
};

export function CellInput({ name, id = `field-${name}`, label, value, error, describedBy, inputMode, size }: CellProps & { value: string; inputMode?: 'decimal' | 'numeric'; size?: number }) {
  const d = described(id, undefined, error);
  const ids = [describedBy, d.describedBy].filter(Boolean).join(' ') || undefined;
  const attributes = { type: 'text', inputMode } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={error ? 'cell cell--invalid' : 'cell'}>
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <input class="input" id={id} name={name} value={value} size={size} {...attributes} aria-invalid={error ? 'true' : undefined} aria-describedby={ids} />
      {d.error}
    </div>
  );
}

export function CellSelect({ name, id = `field-${name}`, label, value, choices, error }: CellProps & { value: string; choices: readonly Choice[] }) {
  const d = described(id, undefined, error);
  return (
    <div class={error ? 'cell cell--invalid' : 'cell'}>
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <select class="input" id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={d.describedBy}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} selected={choice.value === value}>
            {choice.label}
          </option>
        ))}
      </select>
      {d.error}
    </div>
  );
}

export function CellCheckbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const id = `field-${name}`;
  return (
    <div class="cell cell--center">
      <input type="checkbox" id={id} name={name} value="yes" checked={checked} />
      <label class="visually-hidden" for={id}>
        {label}
      </label>
    </div>
  );
}

/** A group of radio buttons under its own legend. */
export function RadioGroup({ name, legend, value, choices, error, hint }: { name: string; legend: string; value: string; choices: readonly (Choice & { hint?: string })[]; error?: string | undefined; hint?: string }) {
  const id = `field-${name}`;
  const d = described(id, hint, error);
  return (
    <fieldset class={error ? 'fieldset fieldset--plain field--invalid' : 'fieldset fieldset--plain'} aria-describedby={d.describedBy}>
      <legend class="field__label">{legend}</legend>
      {d.hint}
      {d.error}
      {choices.map((choice, i) => (
        <label class="choice" key={choice.value}>
          {/* The first radio carries the group's id, so the error summary can link to it. */}
          <input type="radio" name={name} value={choice.value} checked={choice.value === value} id={i === 0 ? id : undefined} aria-invalid={error ? 'true' : undefined} />
          <span>
            {choice.label}
            {choice.hint && <span class="muted small"> — {choice.hint}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
