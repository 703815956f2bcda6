// Whole numbers typed into the stock forms. Nine digits at most: any real count fits, and
// nothing typed can overflow the database's integers.
const WHOLE = /^[+-]?\d{1,9}$/;

/** The number typed, or null when it is not a whole number (or nothing was typed). */
export function wholeNumber(typed: string): number | null {
  const trimmed = typed.trim();
  return WHOLE.test(trimmed) ? Number(trimmed) : null;
}

/** For optional fields: undefined when nothing was typed, null when it is not a whole number. */
export function optionalWholeNumber(typed: string): number | null | undefined {
  return typed.trim() === '' ? undefined : wholeNumber(typed);
}
