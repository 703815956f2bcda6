// Incidents: something not working, said in public with timestamped updates. Staff open them,
// post updates and resolve them; the store opens and resolves its own for failures it can see
// (the payment gateway's circuit breaker), keyed so that one failure is one incident.
//
// States: investigating, identified and monitoring may follow one another in any order (a fix
// that did not hold goes back from monitoring to identified); resolved ends the incident and
// nothing is posted after it. Every change is an update row and one outbox event.
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { forget, remember, rememberFor } from '../../platform/memo.ts';
import type { Platform } from '../../platform/platform.ts';
import { incidentOpened, incidentResolved, incidentUpdated } from './events.ts';
import { IMPACTS, INCIDENT_STATES, incidents, incidentUpdates, STATUS_COMPONENTS, TITLE_MAX, UPDATE_MAX, type Impact, type IncidentState, type StatusComponent } from './schema.ts';

export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
export interface IncidentWithUpdates extends Incident {
  /** Newest first, as the status page lists them. */
  updates: IncidentUpdate[];
}

export interface IncidentProblem {
  field: 'title' | 'components' | 'impact' | 'state' | 'message';
  message: string;
}

export interface NewIncident {
  title: string;
  components: string[];
  impact: string;
  /** The first public update. */
  message: string;
  state?: string;
}

export type OpenOutcome = { kind: 'opened'; incident: Incident } | { kind: 'refused'; problems: IncidentProblem[] };
export type UpdateOutcome = { kind: 'posted'; incident: Incident; update: IncidentUpdate } | { kind: 'refused'; problems: IncidentProblem[] } | { kind: 'missing' } | { kind: 'resolved'; at: Date };

const isComponent = (value: string): value is StatusComponent => (STATUS_COMPONENTS as readonly string[]).includes(value);
const isImpact = (value: string): value is Impact => (IMPACTS as readonly string[]).includes(value);
const isState = (value: string): value is IncidentState => (INCIDENT_STATES as readonly string[]).includes(value);

function messageProblems(message: string): IncidentProblem[] {
  if (message.trim() === '') return [{ field: 'message', message: 'Say what customers notice and what you are doing about it.' }];
  if (message.length > UPDATE_MAX) return [{ field: 'message', message: `Use at most ${UPDATE_MAX} characters.` }];
  return [];
}

/** What is wrong with a new incident, none when it is fine (pure). */
export function incidentProblems(input: NewIncident): IncidentProblem[] {
  const problems: IncidentProblem[] = [];
  const title = input.title.trim();
  if (title === '') problems.push({ field: 'title', message: 'Give it a short title customers understand, e.g. “Card payments failing”.' });
  else if (title.length > TITLE_MAX) problems.push({ field: 'title', message: `Use at most ${TITLE_MAX} characters.` });
  if (input.components.length === 0) problems.push({ field: 'components', message: 'Choose at least one part of the store it affects.' });
  else if (!input.components.every(isComponent)) problems.push({ field: 'components', message: 'Choose among the parts listed.' });
  if (!isImpact(input.impact)) problems.push({ field: 'impact', message: 'Choose how badly it is affected.' });
  if (input.state !== undefined && (!isState(input.state) || input.state === 'resolved')) problems.push({ field: 'state', message: 'A new incident is being investigated, identified or monitored.' });
  return [...problems, ...messageProblems(input.message)];
}

/** The open incidents are on every staff page and the status page: remembered, forgotten at each change. */
const ACTIVE_MEMO = 'status.incidents';

function forgetActive(platform: Platform): void {
  platform.database.afterCommit(() => forget(ACTIVE_MEMO));
}

/** Adds the next update; the caller holds the incident's row (just inserted, or locked). */
async function insertUpdate(tx: Db, incidentId: string, state: IncidentState, message: string, by: string, at: Date): Promise<IncidentUpdate> {
  const [update] = await tx
    .insert(incidentUpdates)
    .values({ id: newId(), incidentId, seq: sql`(select coalesce(max(${incidentUpdates.seq}), 0) + 1 from ${incidentUpdates} where ${incidentUpdates.incidentId} = ${incidentId})`, state, message: message.trim(), postedBy: by, postedAt: at })
    .returning();
  return update!;
}

/** Opens an incident with its first update; `by` is "staff:<id>". */
export async function openIncident(platform: Platform, tx: Db, input: NewIncident, by: string): Promise<OpenOutcome> {
  const problems = incidentProblems(input);
  if (problems.length > 0) return { kind: 'refused', problems };
  const now = platform.clock.now();
  const state = (input.state ?? 'investigating') as IncidentState;
  const [incident] = await tx
    .insert(incidents)
    .values({ id: newId(), title: input.title.trim(), components: [...new Set(input.components)] as StatusComponent[], impact: input.impact as Impact, state, openedBy: by, openedAt: now, updatedAt: now })
    .returning();
  await insertUpdate(tx, incident!.id, state, input.message, by, now);
  await platform.events.publish(tx, incidentOpened, { incidentId: incident!.id }, by);
  forgetActive(platform);
  return { kind: 'opened', incident: incident! };
}

/** Posts a public update; state `resolved` resolves it. A resolved incident takes no more. */
export async function postUpdate(platform: Platform, tx: Db, id: string, input: { state: string; message: string }, by: string): Promise<UpdateOutcome> {
  const problems = [...(isState(input.state) ? [] : [{ field: 'state' as const, message: 'Choose the state it is in now.' }]), ...messageProblems(input.message)];
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  if (!incident) return { kind: 'missing' };
  if (incident.resolvedAt) return { kind: 'resolved', at: incident.resolvedAt };
  if (problems.length > 0) return { kind: 'refused', problems };
  const now = platform.clock.now();
  const state = input.state as IncidentState;
  const resolving = state === 'resolved';
  const [changed] = await tx
    .update(incidents)
    .set({ state, updatedAt: now, ...(resolving ? { resolvedAt: now } : {}) })
    .where(eq(incidents.id, id))
    .returning();
  const update = await insertUpdate(tx, id, state, input.message, by, now);
  if (resolving) await platform.events.publish(tx, incidentResolved, { incidentId: id }, by);
  else await platform.events.publish(tx, incidentUpdated, { incidentId: id, updateId: update.id }, by);
  forgetActive(platform);
  return { kind: 'posted', incident: changed!, update };
}

/**
 * Opens the store's own incident for `key` unless one is open: concurrent callers (many failed
 * calls, several processes) meet on the unique index of open automatic incidents, and only the
 * one whose row went in publishes. Returns the incident opened, or null when one was open.
 */
export async function openAutomaticIncident(platform: Platform, key: string, input: NewIncident & { components: StatusComponent[]; impact: Impact }): Promise<Incident | null> {
  return platform.database.transaction(async (tx) => {
    const now = platform.clock.now();
    const [incident] = await tx
      .insert(incidents)
      .values({ id: newId(), title: input.title, components: input.components, impact: input.impact, state: 'investigating', automaticKey: key, openedBy: 'system', openedAt: now, updatedAt: now })
      .onConflictDoNothing({ target: incidents.automaticKey, where: sql`${incidents.resolvedAt} is null and ${incidents.automaticKey} is not null` })
      .returning();
    if (!incident) return null;
    await insertUpdate(tx, incident.id, 'investigating', input.message, 'system', now);
    await platform.events.publish(tx, incidentOpened, { incidentId: incident.id }, 'system');
    forgetActive(platform);
    return incident;
  });
}

/** Resolves the store's own open incident for `key`; false when none was open. */
export async function resolveAutomaticIncident(platform: Platform, key: string, message: string): Promise<boolean> {
  return platform.database.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(eq(incidents.automaticKey, key), isNull(incidents.resolvedAt)));
    if (!open) return false;
    const outcome = await postUpdate(platform, tx, open.id, { state: 'resolved', message }, 'system');
    return outcome.kind === 'posted';
  });
}

async function withUpdates(db: Db, list: Incident[]): Promise<IncidentWithUpdates[]> {
  if (list.length === 0) return [];
  const updates = await db
    .select()
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, list.map((incident) => incident.id)))
    .orderBy(desc(incidentUpdates.seq));
  return list.map((incident) => ({ ...incident, updates: updates.filter((update) => update.incidentId === incident.id) }));
}

/** Incidents not resolved, oldest first, each with its updates. */
export async function activeIncidents(db: Db): Promise<IncidentWithUpdates[]> {
  return withUpdates(db, await db.select().from(incidents).where(isNull(incidents.resolvedAt)).orderBy(asc(incidents.openedAt)));
}

/** The same through the memo, for the pages that show them on every view. */
export function activeIncidentsNow(platform: Pick<Platform, 'database'>): Promise<IncidentWithUpdates[]> {
  const db = platform.database.db;
  return remember(db, ACTIVE_MEMO, '', () => activeIncidents(db));
}

/** The same for code in a transaction that reads them (an acknowledgement email): see rememberFor. */
export function activeIncidentsIn(platform: Pick<Platform, 'database'>, tx: Db): Promise<IncidentWithUpdates[]> {
  return rememberFor(platform.database, tx, ACTIVE_MEMO, '', activeIncidents);
}

/** Incidents open at some moment of [from, to], newest first, each with its updates. */
export async function incidentsBetween(db: Db, from: Date, to: Date): Promise<IncidentWithUpdates[]> {
  const list = await db
    .select()
    .from(incidents)
    .where(and(lte(incidents.openedAt, to), or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, from))))
    .orderBy(desc(incidents.openedAt));
  return withUpdates(db, list);
}

export async function incidentById(db: Db, id: string): Promise<IncidentWithUpdates | null> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, id));
  return incident ? ((await withUpdates(db, [incident]))[0] ?? null) : null;
}

/** The admin's list: open incidents first, then the latest `limit` resolved. */
export async function incidentsForAdmin(db: Db, limit: number): Promise<{ open: Incident[]; resolved: Incident[] }> {
  const [open, resolved] = await Promise.all([
    db.select().from(incidents).where(isNull(incidents.resolvedAt)).orderBy(desc(incidents.openedAt)),
    db.select().from(incidents).where(sql`${incidents.resolvedAt} is not null`).orderBy(desc(incidents.resolvedAt)).limit(limit),
  ]);
  return { open, resolved };
}

/** The incident opened last, for the admin's email preview. */
export async function latestIncident(db: Db): Promise<Incident | null> {
  const [incident] = await db.select().from(incidents).orderBy(desc(incidents.openedAt)).limit(1);
  return incident ?? null;
}
