// The customer beside the ticket: their tier and what they have spent, their latest orders
// with live status, the linked order in full with its timeline, their cart, and their earlier
// requests — read through the owning modules' public faces, so the agent sees the same facts
// as the customer's own pages.
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.ts';
import { findCustomerCart, getCart } from '../../cart/index.ts';
import { getCustomer } from '../../customers/index.ts';
import { customerSpend, listOrders, orderById, orderHistory } from '../../orders/index.ts';
import { withOrders, type Ticket } from '../read.ts';
import { tickets } from '../schema.ts';
import type { CustomerProfile } from './ConsolePanels.tsx';

const EARLIER_SHOWN = 10;

export async function customerProfile(platform: Platform, ticket: Ticket, focusNumber: string | undefined): Promise<CustomerProfile | null> {
  const db = platform.database.db;
  const customer = ticket.customerId ? await getCustomer(db, ticket.customerId) : null;
  const linked = ticket.orders.find((order) => order.orderNumber === focusNumber) ?? ticket.orders[0];
  const focusOrder = linked ? await orderById(db, linked.orderId) : null;
  const focus = focusOrder ? { order: focusOrder, history: await orderHistory(db, focusOrder.id) } : null;
  if (!customer) return { name: ticket.name, email: ticket.email, tier: null, spend: [], orders: [], ordersTotal: 0, cart: null, previous: [], focus };
  const [spend, orders, cartRow, earlier] = await Promise.all([
    customerSpend(db, customer.id),
    listOrders(db, { customerId: customer.id }, 1),
    findCustomerCart(db, customer.id),
    db
      .select()
      .from(tickets)
      .where(and(eq(tickets.customerId, customer.id), ne(tickets.id, ticket.id)))
      .orderBy(desc(tickets.createdAt))
      .limit(EARLIER_SHOWN),
  ]);
  return {
    name: customer.name ?? ticket.name,
    email: customer.email,
    tier: customer.tier,
    spend,
    orders: orders.rows,
    ordersTotal: orders.total,
    cart: cartRow ? await getCart(db, cartRow.id, { stock: false }) : null,
    previous: await withOrders(db, earlier),
    focus,
  };
}
