// Customer identity: sign-up, sign-in, password reset, and the customer record other
// modules attach orders and tickets to. Services return plain data and throw `Problem`s.
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { Problem, problems, type FieldError } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/principal.ts';
import {
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from '../../platform/http/auth/passwords.ts';
import { destroySessionsOf } from '../../platform/http/auth/sessions.ts';
import { clearFailures, lockedFor, recordFailure } from '../../platform/http/auth/throttle.ts';
import { emailProblem, normalizeEmail } from './email.ts';
import { customerPasswordResetRequested, customerSignedUp } from './events.ts';
import { customerAccounts, customers, type CustomerTier } from './schema.ts';

export type Deps = Pick<Platform, 'database' | 'clock' | 'events' | 'signer'>;

export interface Customer {
  id: string;
  email: string;
  name: string;
  tier: CustomerTier;
  createdAt: Date;
  hasAccount: boolean;
}

export const MAX_NAME_LENGTH = 100;
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;
export const RESET_PURPOSE = 'password-reset';
export const INVALID_CREDENTIALS = 'That email and password do not match';

const customerColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  tier: customers.tier,
  createdAt: customers.createdAt,
};

// ---- records other modules use --------------------------------------------------------

/** The customer with this email, created as a guest record when there is none yet. */
export async function findOrCreateCustomerByEmail(
  tx: Db,
  email: string,
  name?: string,
): Promise<Customer> {
  const typed = email.trim();
  const normalized = normalizeEmail(email);
  const trimmedName = (name ?? '').trim().slice(0, MAX_NAME_LENGTH);
  // Most addresses have written or bought before: one read, and a write only when there is
  // something to write (a first record, a name where there was none).
  const known = await findByEmail(tx, normalized);
  if (known && (known.name !== '' || trimmedName === '')) return known;
  if (known) {
    await tx.update(customers).set({ name: trimmedName }).where(and(eq(customers.id, known.id), eq(customers.name, '')));
  } else {
    // Concurrent callers both end up with the one row: the loser's insert does nothing.
    await tx
      .insert(customers)
      .values({ id: newId(), email: typed, emailNormalized: normalized, name: trimmedName })
      .onConflictDoNothing({ target: customers.emailNormalized });
  }
  const found = await findByEmail(tx, normalized);
  if (!found) throw new Error('customer row vanished after upsert');
  return found;
}

export async function getCustomer(db: Db, id: string): Promise<Customer | null> {
  const [row] = await db
    .select({ ...customerColumns, accountId: customerAccounts.customerId })
    .from(customers)
    .leftJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.id, id));
  return row ? toCustomer(row) : null;
}

async function findByEmail(db: Db, normalized: string): Promise<Customer | null> {
  const [row] = await db
    .select({ ...customerColumns, accountId: customerAccounts.customerId })
    .from(customers)
    .leftJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.emailNormalized, normalized));
  return row ? toCustomer(row) : null;
}

function toCustomer(row: Omit<Customer, 'hasAccount'> & { accountId: string | null }): Customer {
  const { accountId, ...rest } = row;
  return { ...rest, hasAccount: accountId !== null };
}

/** The signed-in customer behind a session, or null when the account is gone. */
export async function resolveCustomerPrincipal(db: Db, id: string): Promise<Principal | null> {
  const [row] = await db
    .select({ id: customers.id, email: customers.email, name: customers.name })
    .from(customers)
    .innerJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.id, id));
  return row ? { kind: 'customer', ...row } : null;
}

// ---- sign-up --------------------------------------------------------------------------

export interface SignUpInput {
  email: string;
  name: string;
  password: string;
}

export async function signUp(deps: Deps, input: SignUpInput): Promise<Customer> {
  const errors: FieldError[] = [];
  const emailIssue = emailProblem(input.email);
  if (emailIssue) errors.push({ field: 'email', message: emailIssue });
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'name', message: 'Tell us what to call you.' });
  else if (name.length > MAX_NAME_LENGTH) {
    errors.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters.` });
  }
  const passwordIssue = passwordProblem(input.password);
  if (passwordIssue) errors.push({ field: 'password', message: passwordIssue });
  if (errors.length > 0) throw invalid(errors);

  // Hash before the transaction: argon2 takes a while and needs no connection.
  const passwordHash = await hashPassword(input.password);
  return deps.database.transaction(async (tx) => {
    const customer = await findOrCreateCustomerByEmail(tx, input.email, name);
    const attached = await tx
      .insert(customerAccounts)
      .values({
        customerId: customer.id,
        passwordHash,
        createdAt: deps.clock.now(),
        passwordChangedAt: deps.clock.now(),
      })
      .onConflictDoNothing({ target: customerAccounts.customerId })
      .returning({ customerId: customerAccounts.customerId });
    if (attached.length === 0) throw accountExists();
    // A guest record gets the name given now: the person is telling us who they are.
    if (customer.name !== name)
      await tx.update(customers).set({ name }).where(eq(customers.id, customer.id));
    await deps.events.publish(
      tx,
      customerSignedUp,
      { customerId: customer.id },
      `customer:${customer.id}`,
    );
    return { ...customer, name, hasAccount: true };
  });
}

function accountExists(): Problem {
  return new Problem({
    status: 409,
    type: 'account-exists',
    title: 'You already have an account',
    detail:
      'An account with this email already exists. Sign in instead, or reset your password if you have forgotten it.',
    errors: [{ field: 'email', message: 'There is already an account with this email.' }],
  });
}

// ---- sign-in --------------------------------------------------------------------------

export const throttleKey = (normalizedEmail: string) => `customer:${normalizedEmail}`;

export async function signIn(deps: Deps, email: string, password: string): Promise<Customer> {
  const db = deps.database.db;
  const normalized = normalizeEmail(email);
  if (normalized === '' || password === '') {
    const errors: FieldError[] = [];
    if (normalized === '') errors.push({ field: 'email', message: 'Enter your email address.' });
    if (password === '') errors.push({ field: 'password', message: 'Enter your password.' });
    throw invalid(errors);
  }
  const key = throttleKey(normalized);
  const wait = await lockedFor(db, deps.clock, key);
  if (wait > 0) throw signInLocked(wait);

  const [row] = await db
    .select({ id: customers.id, passwordHash: customerAccounts.passwordHash })
    .from(customers)
    .innerJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.emailNormalized, normalized));
  // Unknown email and wrong password cost the same time and get the same answer.
  const ok = row
    ? await verifyPassword(row.passwordHash, password)
    : await verifyAgainstDummy(password);
  if (!row || !ok) {
    await recordFailure(db, deps.clock, key);
    throw invalidCredentials();
  }
  await clearFailures(db, key);
  const customer = await getCustomer(db, row.id);
  if (!customer) throw invalidCredentials();
  return customer;
}

export function invalidCredentials(): Problem {
  return new Problem({
    status: 401,
    type: 'invalid-credentials',
    title: INVALID_CREDENTIALS,
    detail: 'Check the email and password and try again, or reset your password.',
  });
}

export function signInLocked(seconds: number): Problem {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return new Problem({
    status: 429,
    type: 'sign-in-locked',
    title: 'Too many attempts',
    detail: `For your safety, signing in to this account is paused for ${minutes} minute${minutes === 1 ? '' : 's'}. You can also reset your password.`,
    headers: { 'retry-after': String(seconds) },
  });
}

// ---- password reset -------------------------------------------------------------------

/** Changes whenever the password does, so a link stops working once it has been used. */
export function passwordFingerprint(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('hex').slice(0, 16);
}

export function resetTokenFor(
  deps: Pick<Deps, 'signer' | 'clock'>,
  customerId: string,
  passwordHash: string,
): string {
  const expiresAt = new Date(deps.clock.now().getTime() + RESET_LINK_TTL_MS);
  return deps.signer.sign(
    RESET_PURPOSE,
    { c: customerId, v: passwordFingerprint(passwordHash) },
    expiresAt,
  );
}

/**
 * The reset link for an account, for the email that carries it (null when the account is
 * gone). It stops working an hour from now or once the password changes.
 */
export async function passwordResetLink(
  platform: Pick<Platform, 'signer' | 'clock' | 'config'>,
  db: Db,
  customerId: string,
): Promise<{ email: string; name: string; url: string; minutes: number } | null> {
  const [account] = await db
    .select({
      email: customers.email,
      name: customers.name,
      passwordHash: customerAccounts.passwordHash,
    })
    .from(customerAccounts)
    .innerJoin(customers, eq(customers.id, customerAccounts.customerId))
    .where(eq(customerAccounts.customerId, customerId));
  if (!account) return null;
  const token = resetTokenFor(platform, customerId, account.passwordHash);
  return {
    email: account.email,
    name: account.name,
    url: `${platform.config.baseUrl}/account/reset/${token}`,
    minutes: RESET_LINK_TTL_MS / 60_000,
  };
}

/** Always answers the same way; an email goes out only when the account exists. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const issue = emailProblem(email);
  if (issue) throw invalid([{ field: 'email', message: issue }]);
  const normalized = normalizeEmail(email);
  await deps.database.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: customers.id })
      .from(customers)
      .innerJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
      .where(eq(customers.emailNormalized, normalized));
    if (row) await deps.events.publish(tx, customerPasswordResetRequested, { customerId: row.id });
  });
}

function readResetToken(
  deps: Pick<Deps, 'signer'>,
  token: string,
): { c: string; v: string } | null {
  const payload = deps.signer.verify<{ c: unknown; v: unknown }>(RESET_PURPOSE, token);
  if (!payload || typeof payload.c !== 'string' || typeof payload.v !== 'string') return null;
  if (!/^[0-9a-f-]{36}$/.test(payload.c)) return null;
  return { c: payload.c, v: payload.v };
}

function fingerprintMatches(passwordHash: string, given: string): boolean {
  const expected = Buffer.from(passwordFingerprint(passwordHash));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** True when the link is genuine, unexpired and not yet used (to show the form or not). */
export async function isResetTokenUsable(
  deps: Pick<Deps, 'signer' | 'database'>,
  token: string,
): Promise<boolean> {
  const payload = readResetToken(deps, token);
  if (!payload) return false;
  const [row] = await deps.database.db
    .select({ passwordHash: customerAccounts.passwordHash })
    .from(customerAccounts)
    .where(eq(customerAccounts.customerId, payload.c));
  return row !== undefined && fingerprintMatches(row.passwordHash, payload.v);
}

export function resetLinkInvalid(): Problem {
  return new Problem({
    status: 400,
    type: 'reset-link-invalid',
    title: 'This link has expired or was already used',
    detail:
      'Password-reset links work once, for one hour. Ask for a new link and use the latest email.',
  });
}

/**
 * Sets a new password from a reset link, signs the customer out everywhere and returns them
 * (the caller starts a fresh session).
 */
export async function resetPassword(
  deps: Deps,
  token: string,
  newPassword: string,
): Promise<Customer> {
  const payload = readResetToken(deps, token);
  if (!payload) throw resetLinkInvalid();
  const issue = passwordProblem(newPassword);
  if (issue) throw invalid([{ field: 'password', message: issue }]);
  const passwordHash = await hashPassword(newPassword);
  const customerId = await deps.database.transaction(async (tx) => {
    const [row] = await tx
      .select({ passwordHash: customerAccounts.passwordHash, email: customers.emailNormalized })
      .from(customerAccounts)
      .innerJoin(customers, eq(customers.id, customerAccounts.customerId))
      .where(eq(customerAccounts.customerId, payload.c))
      .for('update');
    if (!row || !fingerprintMatches(row.passwordHash, payload.v)) throw resetLinkInvalid();
    await tx
      .update(customerAccounts)
      .set({ passwordHash, passwordChangedAt: deps.clock.now() })
      .where(eq(customerAccounts.customerId, payload.c));
    await destroySessionsOf(tx, 'customer', payload.c);
    // Whoever can read the mailbox owns the account: a lock from guessing is lifted.
    await clearFailures(tx, throttleKey(row.email));
    return payload.c;
  });
  const customer = await getCustomer(deps.database.db, customerId);
  if (!customer) throw resetLinkInvalid();
  return customer;
}

export function invalid(errors: FieldError[]): Problem {
  return problems.badRequest(errors.map((e) => e.message).join(' '), errors);
}

/** The addresses of these customers (as typed), for a broadcast such as a maintenance announcement. */
export async function emailsOfCustomers(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.select({ email: customers.email }).from(customers).where(inArray(customers.id, [...ids]));
  return found.map((row) => row.email).filter((email) => email !== '');
}
