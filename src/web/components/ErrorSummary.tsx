// The list of problems at the top of a refused form. Each entry links to its field, so a
// keyboard or screen-reader user can jump straight there; role="alert" announces it.
import type { FormError } from '../forms/form-errors.ts';

export interface ErrorSummaryProps {
  errors: readonly FormError[];
  title?: string;
  /** Said below the title, e.g. what happened to the input. */
  detail?: string;
}

export function ErrorSummary({ errors, title = 'Nothing was saved. Please fix these first:', detail }: ErrorSummaryProps) {
  if (errors.length === 0 && !detail) return null;
  return (
    <div class="alert alert--error error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 class="alert__title" id="error-summary-title">
        {title}
      </h2>
      {detail && <p>{detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((error, i) => {
            const text = error.label ? `${error.label}: ${error.message}` : error.message;
            return <li key={i}>{error.field ? <a href={`#field-${error.field}`}>{text}</a> : text}</li>;
          })}
        </ul>
      )}
    </div>
  );
}
