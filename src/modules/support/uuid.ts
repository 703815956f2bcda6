// A malformed id cannot name a row, and PostgreSQL refuses to compare one with a uuid column:
// ids from outside are checked before any query sees them.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
