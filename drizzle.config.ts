import { defineConfig } from 'drizzle-kit';

// One schema (every module's schema.ts) and one migrations folder for PGlite and PostgreSQL.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/schema.ts',
  out: './drizzle',
});
