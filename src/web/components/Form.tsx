// A POST form that always carries the CSRF token. Every state-changing form uses it, so
// none can be forgotten.
import type { ComponentChildren, FormHTMLAttributes } from 'preact';
import { CSRF_FIELD } from '../../platform/http/csrf.ts';

export type FormProps = Omit<FormHTMLAttributes<HTMLFormElement>, 'method'> & {
  csrfToken: string;
  children?: ComponentChildren;
};

export function Form({ csrfToken, children, ...attributes }: FormProps) {
  return (
    <form {...attributes} method="post">
      <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
      {children}
    </form>
  );
}
