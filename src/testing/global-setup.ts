// Runs once per `node --test` run: builds the migrated template that every test file copies,
// and removes it at the end so a run leaves nothing behind.
import { createPgliteTemplate, createPostgresTemplate, dropPostgresTemplate, removePgliteTemplate } from './database.ts';

const runId = String(process.pid);

export async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  process.env.DOORSTEP_TEST_TEMPLATE = url ? await createPostgresTemplate(url, runId) : await createPgliteTemplate(runId);
}

export async function globalTeardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropPostgresTemplate(url, runId);
  else removePgliteTemplate(runId);
}
