// Email addresses: kept as typed for display, compared trimmed and lower-cased.

export const MAX_EMAIL_LENGTH = 254;

/** Deliberately permissive: one @, no spaces, a dot in the domain. The mail server decides the rest. */
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What is wrong with an address, or null when it looks deliverable. */
export function emailProblem(email: string): string | null {
  const trimmed = email.trim();
  if (trimmed === '') return 'Enter your email address.';
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(trimmed)) {
    return 'Enter an email address like name@example.com.';
  }
  return null;
}
