// Who may see an order, and finding one by number and email. Existence is private: a wrong
// email and an unknown number get the same answer after the same work (one indexed read and
// one constant-time comparison), so neither the words nor the timing tell numbers apart.
import { createHash, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/platform.ts';
import { normalizeEmail } from '../customers/index.ts';
import { can } from '../staff/index.ts';
import { linkOpensOrder } from './links.ts';
import { normalizeOrderNumber } from './numbers.ts';
import type { Order } from './read.ts';
import { orders } from './schema.ts';
import type { OrderViewer } from './sections.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();
/** Compared against when the number finds nothing, so both paths do the same work. */
const NOBODY = digest('\u0000no order\u0000');

/** The order the number and email find together, or null (unknown number and wrong email alike). */
export async function lookUpOrder(db: Db, number: string, email: string): Promise<{ id: string; number: string } | null> {
  const normalized = normalizeOrderNumber(number);
  const [row] = normalized ? await db.select({ id: orders.id, number: orders.number, email: orders.email }).from(orders).where(eq(orders.number, normalized)) : [];
  const matches = timingSafeEqual(row ? digest(row.email) : NOBODY, digest(normalizeEmail(email)));
  return row && matches ? { id: row.id, number: row.number } : null;
}

/**
 * Who is looking at an order page, or null when they may not see it: staff who may view
 * orders, the signed-in customer it belongs to, or whoever holds its signed link.
 */
export async function viewerOf(platform: Platform, request: FastifyRequest, order: Order, token: string | undefined): Promise<OrderViewer | null> {
  const principal = await request.principal();
  if (principal?.kind === 'staff' && can(principal, 'orders.view')) return { kind: 'staff', staffId: principal.id, role: principal.role };
  if (principal?.kind === 'customer' && order.customerId === principal.id) return { kind: 'customer', customerId: principal.id };
  if (token && linkOpensOrder(platform, token, order.id)) return { kind: 'link' };
  return null;
}
