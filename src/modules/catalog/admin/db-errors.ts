// Recognising a unique-constraint violation (SQLSTATE 23505) from either driver, whose
// errors may arrive wrapped by the ORM. Two merchants saving the same new handle at the
// same moment get a form error rather than a 500.
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
