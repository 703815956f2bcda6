// The one helper of node-postgres's own module that the preparing pool uses (platform/db/prepared.ts):
// the mapping of a JavaScript value to what PostgreSQL is sent, as pg does it when it binds.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
