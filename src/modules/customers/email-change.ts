// Changing the address of an account. A signed-in customer asks with their current password;
// a signed link (24 hours) goes to the NEW address, and only following it moves the account,
// so nobody can point an account at a mailbox they cannot read, and a typo changes nothing.
// Once changed, the OLD address hears of it, so a stolen session cannot quietly take the
// account away.
//
// An address that is already on our records is refused, whether it holds another account or
// only a guest record (orders, questions or stock alerts made without an account): joining two
// records moves orders and tickets between people, which staff do after checking who is who,
// not a link in an email.
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Platform } from '../../platform/platform.ts';
import { Problem, problems, type FieldError } from '../../platform/http/problem.ts';
import { verifyPassword } from '../../platform/http/auth/passwords.ts';
import { clearFailures, lockedFor, recordFailure } from '../../platform/http/auth/throttle.ts';
import { emailProblem, normalizeEmail } from './email.ts';
import { customerEmailChanged, customerEmailChangeRequested } from './events.ts';
import { customerAccounts, customerEmailChanges, customers } from './schema.ts';
import { invalid, signInLocked, throttleKey, type Deps } from './service.ts';

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
const EMAIL_CHANGE_PURPOSE = 'email-change';

export interface EmailChange {
  id: string;
  customerId: string;
  /** The customer's name, for greetings ('' when we do not know it). */
  name: string;
  oldEmail: string;
  newEmail: string;
  createdAt: Date;
  expiresAt: Date;
  confirmedAt: Date | null;
}

const changeColumns = {
  id: customerEmailChanges.id,
  customerId: customerEmailChanges.customerId,
  name: customers.name,
  oldEmail: customerEmailChanges.oldEmail,
  newEmail: customerEmailChanges.newEmail,
  createdAt: customerEmailChanges.createdAt,
  expiresAt: customerEmailChanges.expiresAt,
  confirmedAt: customerEmailChanges.confirmedAt,
};

export async function emailChangeById(db: Db, id: string): Promise<EmailChange | null> {
  const [row] = await db
    .select(changeColumns)
    .from(customerEmailChanges)
    .innerJoin(customers, eq(customers.id, customerEmailChanges.customerId))
    .where(eq(customerEmailChanges.id, id));
  return row ?? null;
}

/** The customer's latest request, when it is still waiting for its link to be followed. */
export async function pendingEmailChangeOf(
  deps: Pick<Deps, 'database' | 'clock'>,
  customerId: string,
): Promise<EmailChange | null> {
  const [latest] = await deps.database.db
    .select(changeColumns)
    .from(customerEmailChanges)
    .innerJoin(customers, eq(customers.id, customerEmailChanges.customerId))
    .where(eq(customerEmailChanges.customerId, customerId))
    .orderBy(desc(customerEmailChanges.createdAt))
    .limit(1);
  if (!latest || latest.confirmedAt || latest.expiresAt <= deps.clock.now()) return null;
  return latest;
}

/** The confirmation link for the new address; the same link each time it is composed. */
export function emailChangeUrl(
  platform: Pick<Platform, 'signer' | 'config'>,
  change: Pick<EmailChange, 'id' | 'expiresAt'>,
): string {
  const token = platform.signer.sign(EMAIL_CHANGE_PURPOSE, { r: change.id }, change.expiresAt);
  return `${platform.config.baseUrl}/account/email/confirm/${token}`;
}

// ---- asking ---------------------------------------------------------------------------

export interface EmailChangeInput {
  email: string;
  password: string;
}

/** Records the request and announces it (the link goes out by email); changes nothing yet. */
export async function requestEmailChange(
  deps: Deps,
  customerId: string,
  input: EmailChangeInput,
): Promise<EmailChange> {
  const errors: FieldError[] = [];
  const emailIssue = emailProblem(input.email);
  if (emailIssue) errors.push({ field: 'email', message: emailIssue });
  if (input.password === '')
    errors.push({ field: 'password', message: 'Enter your current password.' });
  if (errors.length > 0) throw invalid(errors);

  const db = deps.database.db;
  const [account] = await db
    .select({
      email: customers.email,
      normalized: customers.emailNormalized,
      passwordHash: customerAccounts.passwordHash,
    })
    .from(customers)
    .innerJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.id, customerId));
  if (!account) throw problems.unauthorized();

  // The password is the account's secret whichever form asks for it: guesses here count
  // towards the same lock as guesses at sign-in.
  const key = throttleKey(account.normalized);
  const wait = await lockedFor(db, deps.clock, key);
  if (wait > 0) throw signInLocked(wait);
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    await recordFailure(db, deps.clock, key);
    throw invalid([{ field: 'password', message: 'That is not your current password.' }]);
  }
  await clearFailures(db, key);

  const newEmail = input.email.trim();
  const normalized = normalizeEmail(newEmail);
  if (normalized === account.normalized) {
    throw invalid([{ field: 'email', message: 'That is already the address of your account.' }]);
  }
  return deps.database.transaction(async (tx) => {
    await refuseKnownAddress(tx, normalized);
    const now = deps.clock.now();
    const change = {
      id: newId(),
      customerId,
      oldEmail: account.email,
      newEmail,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS),
      confirmedAt: null,
    };
    await tx.insert(customerEmailChanges).values(change);
    await deps.events.publish(
      tx,
      customerEmailChangeRequested,
      { customerId, requestId: change.id },
      `customer:${customerId}`,
    );
    const [customer] = await tx
      .select({ name: customers.name })
      .from(customers)
      .where(eq(customers.id, customerId));
    return { ...change, name: customer?.name ?? '' };
  });
}

/** Throws when the address belongs to any customer record (see the top of this file). */
async function refuseKnownAddress(tx: Db, normalized: string): Promise<void> {
  const [owner] = await tx
    .select({ id: customers.id, accountId: customerAccounts.customerId })
    .from(customers)
    .leftJoin(customerAccounts, eq(customerAccounts.customerId, customers.id))
    .where(eq(customers.emailNormalized, normalized));
  if (!owner) return;
  if (owner.accountId) {
    throw new Problem({
      status: 409,
      type: 'email-taken',
      title: 'This address belongs to another account',
      detail:
        'Each address can hold one account. Choose another address, or sign in to the other account with it.',
      errors: [{ field: 'email', message: 'Another account already uses this address.' }],
    });
  }
  throw new Problem({
    status: 409,
    type: 'email-known-as-guest',
    title: 'We already know this address from earlier orders or questions',
    detail:
      'Orders or questions were sent from this address without an account. So that nothing gets mixed up, contact us and we will join them to your account.',
    errors: [
      {
        field: 'email',
        message:
          'This address has orders or questions made without an account: contact us to join them.',
      },
    ],
  });
}

// ---- confirming -----------------------------------------------------------------------

export function emailChangeLinkInvalid(): Problem {
  return new Problem({
    status: 410,
    type: 'email-change-link-invalid',
    title: 'This link no longer works',
    detail:
      'Confirmation links work once, for 24 hours, and only the latest one you asked for. Sign in and ask again from your account page.',
  });
}

function readToken(platform: Pick<Platform, 'signer'>, token: string): string | null {
  const payload = platform.signer.verify<{ r: unknown }>(EMAIL_CHANGE_PURPOSE, token);
  if (!payload || typeof payload.r !== 'string' || !/^[0-9a-f-]{36}$/.test(payload.r)) return null;
  return payload.r;
}

/**
 * The request behind a link when it can still be confirmed: genuine, unexpired, unused, the
 * customer's latest, and the account still at the address it was asked from.
 */
async function usableChange(
  deps: Pick<Deps, 'signer' | 'clock'>,
  db: Db,
  token: string,
): Promise<EmailChange | null> {
  const id = readToken(deps, token);
  if (!id) return null;
  const change = await emailChangeById(db, id);
  if (!change || change.confirmedAt || change.expiresAt <= deps.clock.now()) return null;
  const [newer] = await db
    .select({ id: customerEmailChanges.id })
    .from(customerEmailChanges)
    .where(
      and(
        eq(customerEmailChanges.customerId, change.customerId),
        gt(customerEmailChanges.createdAt, change.createdAt),
      ),
    )
    .limit(1);
  if (newer) return null;
  const [customer] = await db
    .select({ email: customers.emailNormalized })
    .from(customers)
    .where(eq(customers.id, change.customerId));
  if (customer?.email !== normalizeEmail(change.oldEmail)) return null;
  return change;
}

/** For the confirmation page: what the link would do, or null when it no longer works. */
export function emailChangeForLink(
  deps: Pick<Deps, 'signer' | 'clock' | 'database'>,
  token: string,
): Promise<EmailChange | null> {
  return usableChange(deps, deps.database.db, token);
}

/** Moves the account to the new address and announces it (a notice goes to the old one). */
export async function confirmEmailChange(deps: Deps, token: string): Promise<EmailChange> {
  return deps.database.transaction(async (tx) => {
    const id = readToken(deps, token);
    if (!id) throw emailChangeLinkInvalid();
    // Two clicks at once: the second waits here, then finds the request used.
    await tx
      .select({ id: customerEmailChanges.id })
      .from(customerEmailChanges)
      .where(eq(customerEmailChanges.id, id))
      .for('update');
    const change = await usableChange(deps, tx, token);
    if (!change) throw emailChangeLinkInvalid();
    const normalized = normalizeEmail(change.newEmail);
    await refuseKnownAddress(tx, normalized);
    const now = deps.clock.now();
    await tx
      .update(customers)
      .set({ email: change.newEmail, emailNormalized: normalized })
      .where(eq(customers.id, change.customerId));
    await tx
      .update(customerEmailChanges)
      .set({ confirmedAt: now })
      .where(eq(customerEmailChanges.id, change.id));
    await deps.events.publish(
      tx,
      customerEmailChanged,
      { customerId: change.customerId, requestId: change.id },
      `customer:${change.customerId}`,
    );
    return { ...change, confirmedAt: now };
  });
}
