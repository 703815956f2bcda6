// Pieces the account pages share: a form-level message and field errors by name.
import type { FieldError } from '../../../platform/http/problem.ts';
import { Alert } from '../../../web/components/Alert.tsx';

export interface FormMessage {
  title: string;
  detail?: string | undefined;
}

export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrors(errors: FieldError[] | undefined): FieldErrors {
  const byField: FieldErrors = {};
  for (const error of errors ?? []) byField[error.field] ??= error.message;
  return byField;
}

export function FormAlert({ message }: { message: FormMessage | undefined }) {
  if (!message) return null;
  return (
    <Alert tone="error" title={message.title}>
      {message.detail && <p>{message.detail}</p>}
    </Alert>
  );
}

/** Keeps `next` across the account pages, so the visitor lands where they were going. */
export function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
