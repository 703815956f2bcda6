// Recognising a unique-constraint violation (SQLSTATE 23505) from either driver, whose
// errors may arrive wrapped by the ORM: two merchants saving the same new handle at the same
// moment get a form error rather than a 500, and a checkout hold that lost a race to the
// same shopper's other click is made again.

/** With `constraint`, only a violation of that index or constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const found = e as { code?: unknown; constraint?: unknown };
    if (found.code === '23505') return constraint === undefined || found.constraint === constraint;
  }
  return false;
}
