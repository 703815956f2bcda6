// The merchant's switch and words for each touch point, over the defaults written in code.
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../../platform/db/database.ts';
import { forget, rememberFor } from '../../../platform/memo.ts';
import { placeholderProblem } from '../compose/placeholders.ts';
import { touchPointSettings } from '../schema.ts';
import { COMMON_PLACEHOLDERS, type TouchPoint } from './define.ts';

export interface TouchPointSettings {
  enabled: boolean;
  subject: string;
  intro: string;
  /** Null while the defaults apply. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

export function defaultSettings(touchPoint: TouchPoint): TouchPointSettings {
  return { enabled: true, ...touchPoint.defaults, updatedAt: null, updatedBy: null };
}

type SavedRow = typeof touchPointSettings.$inferSelect;

function fromRow(touchPoint: TouchPoint, row: SavedRow | undefined): TouchPointSettings {
  return row ? { enabled: row.enabled || touchPoint.alwaysOn === true, subject: row.subject, intro: row.intro, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : defaultSettings(touchPoint);
}

/** The settings as saved now (the admin's pages). */
export async function settingsOf(db: Db, touchPoint: TouchPoint): Promise<TouchPointSettings> {
  const [row] = await db.select().from(touchPointSettings).where(eq(touchPointSettings.key, touchPoint.key));
  return fromRow(touchPoint, row);
}

const MEMO = 'notifications.touch-point-settings';

/**
 * The settings a handler writes its email with: every touch point's, read together and
 * remembered for a few seconds (platform/memo.ts), as every email of every touch point reads them.
 */
export async function settingsFor(database: Pick<Database, 'db' | 'afterCommit'>, db: Db, touchPoint: TouchPoint): Promise<TouchPointSettings> {
  const saved = await rememberFor(database, db, MEMO, '', async (handle) => new Map((await handle.select().from(touchPointSettings)).map((row) => [row.key, row])));
  return fromRow(touchPoint, saved.get(touchPoint.key));
}

export async function allSettings(db: Db): Promise<Map<string, TouchPointSettings>> {
  const rows = await db.select().from(touchPointSettings);
  return new Map(rows.map((row) => [row.key, { enabled: row.enabled, subject: row.subject, intro: row.intro, updatedAt: row.updatedAt, updatedBy: row.updatedBy }]));
}

export function placeholdersOf(touchPoint: TouchPoint): string[] {
  return [...Object.keys(COMMON_PLACEHOLDERS), ...Object.keys(touchPoint.placeholders)];
}

export interface SettingsProblem {
  field: 'subject' | 'intro';
  message: string;
}

/** Problems with what the merchant typed; an empty list means it can be saved. */
export function settingsProblems(touchPoint: TouchPoint, input: { subject: string; intro: string }): SettingsProblem[] {
  const allowed = placeholdersOf(touchPoint);
  const problems: SettingsProblem[] = [];
  const subject = input.subject.trim();
  if (subject === '') problems.push({ field: 'subject', message: 'Write a subject: mail programs show it first.' });
  else if (subject.length > 150 || /[\r\n]/.test(subject)) problems.push({ field: 'subject', message: 'Keep the subject to one line of up to 150 characters.' });
  else {
    const problem = placeholderProblem(subject, allowed);
    if (problem) problems.push({ field: 'subject', message: problem.message });
  }
  if (input.intro.length > 2000) problems.push({ field: 'intro', message: 'Keep the introduction under 2,000 characters.' });
  else {
    const problem = placeholderProblem(input.intro, allowed);
    if (problem) problems.push({ field: 'intro', message: problem.message });
  }
  return problems;
}

/** Saves checked settings; throws when they were not checked (a broken email must never be stored). */
export async function saveSettings(database: Pick<Database, 'afterCommit'>, db: Db, touchPoint: TouchPoint, input: { enabled: boolean; subject: string; intro: string }, actor: string, now: Date): Promise<void> {
  const problems = settingsProblems(touchPoint, input);
  if (problems.length > 0) throw new Error(`unchecked touch point settings: ${problems[0]!.message}`);
  const values = { enabled: input.enabled || touchPoint.alwaysOn === true, subject: input.subject.trim(), intro: input.intro.trim(), updatedAt: now, updatedBy: actor };
  await db
    .insert(touchPointSettings)
    .values({ key: touchPoint.key, ...values })
    .onConflictDoUpdate({ target: touchPointSettings.key, set: values });
  database.afterCommit(() => forget(MEMO));
}
