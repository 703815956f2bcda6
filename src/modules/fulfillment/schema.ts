// The fulfillment module's tables: the shipments an order leaves in (each from one stock
// location, with its carrier, service and tracking number), which order lines and how many
// units each holds, and every tracking event the carrier sent for it. Orders, order lines,
// variants and locations are referred to by id only: other modules own them.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SHIPMENT_STATUSES, TRACKING_CODES, type ShipmentStatus, type TrackingCode } from './states.ts';

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey(),
    orderId: uuid('order_id').notNull(),
    /** The order's number, kept here so a pick list, a packing slip and a search need no join. */
    orderNumber: text('order_number').notNull(),
    /** 1, 2, 3… within the order: "parcel 2 of 3". */
    seq: integer('seq').notNull(),
    locationId: uuid('location_id').notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).$type<ShipmentStatus>().notNull().default('packed'),
    /** A carrier code of carriers/numbers ('ups', 'fedex', 'usps', 'dhl'). */
    carrier: text('carrier').notNull(),
    service: text('service').notNull(),
    /** Normalised: upper-case, no spaces. */
    trackingNumber: text('tracking_number').notNull(),
    trackingUrl: text('tracking_url'),
    /** When the customer can expect it, as local dates (YYYY-MM-DD); the carrier's estimate replaces the store's. */
    estimateEarliest: date('estimate_earliest', { mode: 'string' }),
    estimateLatest: date('estimate_latest', { mode: 'string' }),
    /** The carrier's last exception in words (address problem, delay…), until a scan shows progress again. */
    exception: text('exception'),
    packedBy: text('packed_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** The time of the newest carrier scan: a parcel without one for days is late. */
    lastScanAt: timestamp('last_scan_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('shipments_order_seq_key').on(t.orderId, t.seq),
    uniqueIndex('shipments_tracking_key').on(t.carrier, t.trackingNumber),
    index('shipments_tracking_number_idx').on(t.trackingNumber),
    index('shipments_in_flight_idx').on(t.lastScanAt).where(sql`${t.status} <> 'delivered'`),
    check('shipments_status_check', sql`${t.status} in (${quoted(SHIPMENT_STATUSES)})`),
    check('shipments_seq_check', sql`${t.seq} > 0`),
  ],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderLineId: uuid('order_line_id').notNull(),
    variantId: uuid('variant_id').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.orderLineId] }), index('shipment_lines_order_line_idx').on(t.orderLineId), check('shipment_lines_quantity_check', sql`${t.quantity} > 0`)],
);

/** Append-only: what the carrier said, deduplicated by the carrier's own event id. */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    carrierEventId: text('carrier_event_id').notNull(),
    code: text('code', { enum: TRACKING_CODES }).$type<TrackingCode>().notNull(),
    /** The carrier's words ("Arrived at facility", "Address incomplete"). */
    detail: text('detail').notNull().default(''),
    /** Where the scan happened ("Secaucus, NJ"). */
    location: text('location').notNull().default(''),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** A new delivery estimate the event carried, as local dates. */
    estimateEarliest: date('estimate_earliest', { mode: 'string' }),
    estimateLatest: date('estimate_latest', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('tracking_events_carrier_event_key').on(t.shipmentId, t.carrierEventId),
    index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt),
    check('tracking_events_code_check', sql`${t.code} in (${quoted(TRACKING_CODES)})`),
  ],
);
