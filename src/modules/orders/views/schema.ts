// The where-is-my-order measure: one row each time an order page is opened and each time a
// customer follows a parcel's tracking link, so analytics can set what the pages answer
// against the "where is my order?" tickets that still arrive. Append-only and written on
// every order page view, so it is as cheap as a row can be: no primary key to maintain and no
// foreign key to the order (checking one would take a key-share lock on the order row and
// wait behind any transaction moving that order).
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ORDER_VIEW_KINDS = ['page_view', 'tracking_click'] as const;
export type OrderViewKind = (typeof ORDER_VIEW_KINDS)[number];

/** Who looked: the holder of the signed link, the signed-in customer, or staff (never counted as a customer). */
export const ORDER_VIEWERS = ['link', 'customer', 'staff'] as const;
export type OrderViewerKind = (typeof ORDER_VIEWERS)[number];

export const orderViews = pgTable(
  'order_views',
  {
    orderId: uuid('order_id').notNull(),
    kind: text('kind', { enum: ORDER_VIEW_KINDS }).$type<OrderViewKind>().notNull(),
    viewer: text('viewer', { enum: ORDER_VIEWERS }).$type<OrderViewerKind>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The report reads a range of days: the time first, and kind and viewer beside it so the
    // counts come from the index alone.
    index('order_views_at_idx').on(t.at, t.kind, t.viewer),
    check('order_views_kind_check', sql`${t.kind} in ('page_view', 'tracking_click')`),
    check('order_views_viewer_check', sql`${t.viewer} in ('link', 'customer', 'staff')`),
  ],
);
