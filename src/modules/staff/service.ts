// Staff accounts: creation (command line, demo data), sign-in with the per-account
// throttle, and the principal behind a staff session.
import { randomBytes } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { Problem, problems, type FieldError } from '../../platform/http/problem.ts';
import type { Principal, StaffRole } from '../../platform/http/principal.ts';
import {
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from '../../platform/http/auth/passwords.ts';
import { clearFailures, lockedFor, recordFailure } from '../../platform/http/auth/throttle.ts';
import { emailProblem, normalizeEmail } from '../customers/index.ts';
import { STAFF_ROLES, staffUsers } from './schema.ts';

export type Deps = Pick<Platform, 'database' | 'clock'>;

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  createdAt: Date;
}

const columns = {
  id: staffUsers.id,
  email: staffUsers.email,
  name: staffUsers.name,
  role: staffUsers.role,
  active: staffUsers.active,
  createdAt: staffUsers.createdAt,
};

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** A password for generated accounts: 120 random bits, URL-safe. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

export async function createStaffUser(db: Db, input: NewStaffUser): Promise<StaffUser> {
  const errors: FieldError[] = [];
  const emailIssue = emailProblem(input.email);
  if (emailIssue) errors.push({ field: 'email', message: emailIssue });
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    errors.push({ field: 'name', message: 'Give a name of 1 to 100 characters.' });
  if (!isStaffRole(input.role))
    errors.push({ field: 'role', message: `Use one of ${STAFF_ROLES.join(', ')}.` });
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) errors.push({ field: 'password', message: passwordIssue });
  if (errors.length > 0)
    throw problems.badRequest(errors.map((e) => `${e.field}: ${e.message}`).join(' '), errors);

  const passwordHash = await hashPassword(input.password);
  const [created] = await db
    .insert(staffUsers)
    .values({
      id: newId(),
      email: normalizeEmail(input.email),
      name,
      role: input.role,
      passwordHash,
    })
    .onConflictDoNothing({ target: staffUsers.email })
    .returning(columns);
  if (!created) {
    throw problems.conflict('staff-exists', 'A staff user with this email already exists');
  }
  return created;
}

export async function countStaff(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffUsers);
  return Number(row?.n ?? 0);
}

export async function getStaffUser(db: Db, id: string): Promise<StaffUser | null> {
  const [row] = await db.select(columns).from(staffUsers).where(eq(staffUsers.id, id));
  return row ?? null;
}

/** Every active staff member, by name (the support desk's assignee picker, its escalation emails). */
export async function activeStaff(db: Db): Promise<StaffUser[]> {
  return db.select(columns).from(staffUsers).where(eq(staffUsers.active, true)).orderBy(asc(staffUsers.name));
}

/** The staff member behind a session; an inactive one is nobody. */
export async function resolveStaffPrincipal(db: Db, id: string): Promise<Principal | null> {
  const user = await getStaffUser(db, id);
  if (!user?.active) return null;
  return { kind: 'staff', id: user.id, email: user.email, name: user.name, role: user.role };
}

export const staffThrottleKey = (normalizedEmail: string) => `staff:${normalizedEmail}`;

/**
 * Unknown email, wrong password and a deactivated account all get the same answer after the
 * same work, so the page tells nobody which staff addresses exist.
 */
export async function signInStaff(deps: Deps, email: string, password: string): Promise<StaffUser> {
  const db = deps.database.db;
  const normalized = normalizeEmail(email);
  if (normalized === '' || password === '') {
    const errors: FieldError[] = [];
    if (normalized === '') errors.push({ field: 'email', message: 'Enter your work email.' });
    if (password === '') errors.push({ field: 'password', message: 'Enter your password.' });
    throw problems.badRequest(errors.map((e) => e.message).join(' '), errors);
  }
  const key = staffThrottleKey(normalized);
  const wait = await lockedFor(db, deps.clock, key);
  if (wait > 0) {
    const minutes = Math.max(1, Math.ceil(wait / 60));
    throw new Problem({
      status: 429,
      type: 'sign-in-locked',
      title: 'Too many attempts',
      detail: `For your safety, signing in to this account is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. An administrator can help if you are locked out.`,
      headers: { 'retry-after': String(wait) },
    });
  }
  const [row] = await db
    .select({ ...columns, passwordHash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.email, normalized));
  const ok = row
    ? await verifyPassword(row.passwordHash, password)
    : await verifyAgainstDummy(password);
  if (!row || !ok || !row.active) {
    await recordFailure(db, deps.clock, key);
    throw new Problem({
      status: 401,
      type: 'invalid-credentials',
      title: 'That email and password do not match',
      detail: 'Check them and try again. An administrator can reset a staff password.',
    });
  }
  await clearFailures(db, key);
  const { passwordHash: _hash, ...user } = row;
  return user;
}

/**
 * On the embedded demo store, an empty staff table gets an administrator and an agent with
 * fresh random passwords, printed once at start and stored nowhere else.
 */
export async function ensureDemoStaff(
  platform: Platform,
  print: (line: string) => void,
): Promise<void> {
  if (!platform.config.demoData) return;
  const db = platform.database.db;
  if ((await countStaff(db)) > 0) return;
  const demo = [
    {
      email: 'admin@doorstep.test',
      name: 'Demo Admin',
      role: 'admin' as const,
      label: 'Demo admin',
    },
    {
      email: 'agent@doorstep.test',
      name: 'Demo Agent',
      role: 'agent' as const,
      label: 'Demo agent',
    },
  ];
  for (const { label, ...user } of demo) {
    const password = generatePassword();
    try {
      await createStaffUser(db, { ...user, password });
      print(`${label}: ${user.email} / ${password}`);
    } catch (error) {
      // Another instance created it in the meantime: its password was printed there.
      if (!(error instanceof Problem && error.type === 'staff-exists')) throw error;
    }
  }
}
