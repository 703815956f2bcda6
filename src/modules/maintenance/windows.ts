// Planned maintenance windows: the rules a window must keep (pure, given the clock and the
// other windows) and the changes staff make to one, each announced through the outbox.
// Windows never overlap: while one is being scheduled or moved, a transaction-scoped advisory
// lock keeps a second admin from slipping an overlapping one in beside it.
import { and, asc, desc, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { forget } from '../../platform/memo.ts';
import type { Platform } from '../../platform/platform.ts';
import { windowAnnounced, windowCancelled, windowChanged, windowScheduled } from './events.ts';
import { maintenanceWindows, MESSAGE_MAX, type MaintenanceScope } from './schema.ts';
import { formatSpan, type StoreClock } from './times.ts';

export type MaintenanceWindow = typeof maintenanceWindows.$inferSelect;

/** Longer work is split into several windows, so each says honestly when it ends. */
export const MAX_WINDOW_MS = 24 * 3600 * 1000;

export type WindowPhase = 'upcoming' | 'running' | 'over' | 'cancelled';

export function phaseOf(window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: Date): WindowPhase {
  if (window.cancelledAt) return 'cancelled';
  if (now < window.startsAt) return 'upcoming';
  return now < window.endsAt ? 'running' : 'over';
}

/** A problem with a window, tied to the part of the form it is about. */
export interface WindowProblem {
  field: 'start' | 'end' | 'scope' | 'message';
  message: string;
}

export interface WindowTimes {
  startsAt: Date;
  endsAt: Date;
}

/**
 * What is wrong with these times, none when they are fine. `others` are the windows they must
 * not overlap (the window being changed left out); `scheduling` also refuses a start that has passed.
 */
export function timeProblems(times: WindowTimes, context: { now: Date; others: readonly MaintenanceWindow[]; store: StoreClock; scheduling: boolean }): WindowProblem[] {
  const problems: WindowProblem[] = [];
  if (context.scheduling && times.startsAt < context.now) problems.push({ field: 'start', message: 'This start has passed: choose a time from now on.' });
  if (times.endsAt <= times.startsAt) {
    problems.push({ field: 'end', message: 'The end must come after the start.' });
    return problems;
  }
  if (!context.scheduling && times.endsAt < context.now) problems.push({ field: 'end', message: 'This end has passed: to finish the work now, use “End now”.' });
  if (times.endsAt.getTime() - times.startsAt.getTime() > MAX_WINDOW_MS) {
    problems.push({ field: 'end', message: 'A window lasts at most 24 hours. Please split longer work into several windows, so each says when it really ends.' });
  }
  const overlapping = context.others.find((other) => !other.cancelledAt && other.startsAt < times.endsAt && times.startsAt < other.endsAt);
  if (overlapping) {
    problems.push({ field: context.scheduling ? 'start' : 'end', message: `This overlaps the window of ${formatSpan(overlapping.startsAt, overlapping.endsAt, context.store, true)}. Change that one instead, or choose other times.` });
  }
  return problems;
}

export function messageProblems(message: string): WindowProblem[] {
  if (message.trim() === '') return [{ field: 'message', message: 'Say what will not work, in the words your customers would use.' }];
  if (message.length > MESSAGE_MAX) return [{ field: 'message', message: `Use at most ${MESSAGE_MAX} characters.` }];
  return [];
}

export interface NewWindow extends WindowTimes {
  scope: MaintenanceScope;
  message: string;
}

export type WindowOutcome = { kind: 'saved'; window: MaintenanceWindow } | { kind: 'refused'; problems: WindowProblem[] };

const actor = (staffId: string) => `staff:${staffId}`;

/** The memo family (platform/memo.ts) of the windows still to end, read on every storefront request (state.ts). */
export const WINDOWS_MEMO = 'maintenance.windows';

/** Every change to a window forgets the remembered windows once it commits: the banner and the gate follow at once. */
function forgetWindows(platform: Platform): void {
  platform.database.afterCommit(() => forget(WINDOWS_MEMO));
}

/** Serialises changes to windows' times for the rest of the transaction. */
async function lockWindows(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('maintenance_windows'))`);
}

/** Windows not cancelled that end after `after`, soonest first (the ones a new window may collide with). */
async function liveWindows(db: Db, after: Date): Promise<MaintenanceWindow[]> {
  return db
    .select()
    .from(maintenanceWindows)
    .where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, after)))
    .orderBy(asc(maintenanceWindows.startsAt));
}

export async function scheduleWindow(platform: Platform, tx: Db, input: NewWindow, store: StoreClock, staffId: string): Promise<WindowOutcome> {
  const now = platform.clock.now();
  await lockWindows(tx);
  // A window ends at most 24 hours after it starts, so one that ended a day before this starts cannot overlap it.
  const others = await liveWindows(tx, new Date(input.startsAt.getTime() - MAX_WINDOW_MS));
  const problems = [...timeProblems(input, { now, others, store, scheduling: true }), ...messageProblems(input.message)];
  if (problems.length > 0) return { kind: 'refused', problems };
  const [window] = await tx
    .insert(maintenanceWindows)
    .values({ id: newId(), ...input, message: input.message.trim(), createdBy: staffId, createdAt: now, updatedAt: now })
    .returning();
  await platform.events.publish(tx, windowScheduled, { windowId: window!.id }, actor(staffId));
  forgetWindows(platform);
  return { kind: 'saved', window: window! };
}

export async function windowById(db: Db, id: string): Promise<MaintenanceWindow | null> {
  const [window] = await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id));
  return window ?? null;
}

async function lockedWindow(tx: Db, id: string): Promise<MaintenanceWindow | null> {
  const [window] = await tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for('update');
  return window ?? null;
}

export type ChangeOutcome = WindowOutcome | { kind: 'missing' } | { kind: 'closed'; phase: WindowPhase };

/**
 * Moves the end of a window that has not ended (extend, or shorten); `endsAt` = now ends a
 * running window at once. A cancelled or finished window stays as it was.
 */
export async function changeWindowEnd(platform: Platform, tx: Db, id: string, endsAt: Date, store: StoreClock, staffId: string): Promise<ChangeOutcome> {
  const now = platform.clock.now();
  await lockWindows(tx);
  const window = await lockedWindow(tx, id);
  if (!window) return { kind: 'missing' };
  const phase = phaseOf(window, now);
  if (phase === 'cancelled' || phase === 'over') return { kind: 'closed', phase };
  const others = (await liveWindows(tx, window.startsAt)).filter((other) => other.id !== id);
  const problems = timeProblems({ startsAt: window.startsAt, endsAt }, { now, others, store, scheduling: false });
  if (problems.length > 0) return { kind: 'refused', problems };
  const [changed] = await tx.update(maintenanceWindows).set({ endsAt, updatedAt: now }).where(eq(maintenanceWindows.id, id)).returning();
  await platform.events.publish(tx, windowChanged, { windowId: id }, actor(staffId));
  forgetWindows(platform);
  return { kind: 'saved', window: changed! };
}

/** Ends a running window now. */
export async function endWindowNow(platform: Platform, tx: Db, id: string, store: StoreClock, staffId: string): Promise<ChangeOutcome> {
  const window = await windowById(tx, id);
  if (window && phaseOf(window, platform.clock.now()) === 'upcoming') return { kind: 'closed', phase: 'upcoming' };
  return changeWindowEnd(platform, tx, id, platform.clock.now(), store, staffId);
}

/** Calls off a window that has not started (a running one is ended instead). */
export async function cancelWindow(platform: Platform, tx: Db, id: string, staffId: string): Promise<ChangeOutcome> {
  const now = platform.clock.now();
  const window = await lockedWindow(tx, id);
  if (!window) return { kind: 'missing' };
  const phase = phaseOf(window, now);
  if (phase !== 'upcoming') return { kind: 'closed', phase };
  const [cancelled] = await tx.update(maintenanceWindows).set({ cancelledAt: now, updatedAt: now }).where(eq(maintenanceWindows.id, id)).returning();
  await platform.events.publish(tx, windowCancelled, { windowId: id }, actor(staffId));
  forgetWindows(platform);
  return { kind: 'saved', window: cancelled! };
}

export type AnnounceOutcome = { kind: 'announced'; window: MaintenanceWindow } | { kind: 'already'; at: Date } | { kind: 'missing' } | { kind: 'closed'; phase: WindowPhase };

/** Publishes the announcement of a window that has not ended, once: a second press changes nothing. */
export async function announceWindow(platform: Platform, tx: Db, id: string, staffId: string): Promise<AnnounceOutcome> {
  const now = platform.clock.now();
  const window = await lockedWindow(tx, id);
  if (!window) return { kind: 'missing' };
  if (window.announcedAt) return { kind: 'already', at: window.announcedAt };
  const phase = phaseOf(window, now);
  if (phase === 'cancelled' || phase === 'over') return { kind: 'closed', phase };
  const [announced] = await tx.update(maintenanceWindows).set({ announcedAt: now }).where(eq(maintenanceWindows.id, id)).returning();
  await platform.events.publish(tx, windowAnnounced, { windowId: id }, actor(staffId));
  return { kind: 'announced', window: announced! };
}

/** Windows running or still to come (not cancelled), soonest first: what the status page lists. */
export function scheduledWindows(db: Db, now: Date): Promise<MaintenanceWindow[]> {
  return liveWindows(db, now);
}

/** Windows not cancelled that overlap [from, to), earliest first: the status page's history. */
export function windowsBetween(db: Db, from: Date, to: Date): Promise<MaintenanceWindow[]> {
  return db
    .select()
    .from(maintenanceWindows)
    .where(and(isNull(maintenanceWindows.cancelledAt), gt(maintenanceWindows.endsAt, from), lt(maintenanceWindows.startsAt, to)))
    .orderBy(asc(maintenanceWindows.startsAt));
}

/** The admin's list: every window still to end, and the latest `pastLimit` that ended or were cancelled. */
export async function windowsForAdmin(db: Db, now: Date, pastLimit: number): Promise<{ current: MaintenanceWindow[]; past: MaintenanceWindow[] }> {
  const [current, past] = await Promise.all([
    liveWindows(db, now),
    db
      .select()
      .from(maintenanceWindows)
      .where(sql`${maintenanceWindows.cancelledAt} is not null or ${lte(maintenanceWindows.endsAt, now)}`)
      .orderBy(desc(maintenanceWindows.startsAt))
      .limit(pastLimit),
  ]);
  return { current, past };
}

/** The window scheduled most recently and not cancelled, for the admin's email preview. */
export async function latestWindow(db: Db): Promise<MaintenanceWindow | null> {
  const [window] = await db.select().from(maintenanceWindows).where(isNull(maintenanceWindows.cancelledAt)).orderBy(desc(maintenanceWindows.createdAt)).limit(1);
  return window ?? null;
}
