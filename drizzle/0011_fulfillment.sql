CREATE TABLE "shipment_lines" (
	"shipment_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_shipment_id_order_line_id_pk" PRIMARY KEY("shipment_id","order_line_id"),
	CONSTRAINT "shipment_lines_quantity_check" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"seq" integer NOT NULL,
	"location_id" uuid NOT NULL,
	"status" text DEFAULT 'packed' NOT NULL,
	"carrier" text NOT NULL,
	"service" text NOT NULL,
	"tracking_number" text NOT NULL,
	"tracking_url" text,
	"estimate_earliest" date,
	"estimate_latest" date,
	"exception" text,
	"packed_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"last_scan_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shipments_status_check" CHECK ("shipments"."status" in ('packed', 'shipped', 'in_transit', 'out_for_delivery', 'delivered')),
	CONSTRAINT "shipments_seq_check" CHECK ("shipments"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "tracking_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"carrier_event_id" text NOT NULL,
	"code" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"estimate_earliest" date,
	"estimate_latest" date,
	CONSTRAINT "tracking_events_code_check" CHECK ("tracking_events"."code" in ('label_created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'delayed'))
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status_check";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_held_from_check";--> statement-breakpoint
ALTER TABLE "stock_reservation_lines" ADD COLUMN "shipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipment_lines_order_line_idx" ON "shipment_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_order_seq_key" ON "shipments" USING btree ("order_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_key" ON "shipments" USING btree ("carrier","tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_tracking_number_idx" ON "shipments" USING btree ("tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_in_flight_idx" ON "shipments" USING btree ("last_scan_at") WHERE "shipments"."status" <> 'delivered';--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_carrier_event_key" ON "tracking_events" USING btree ("shipment_id","carrier_event_id");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","occurred_at");--> statement-breakpoint
ALTER TABLE "stock_reservation_lines" ADD CONSTRAINT "stock_reservation_lines_shipped_check" CHECK ("stock_reservation_lines"."shipped" >= 0 and "stock_reservation_lines"."shipped" <= "stock_reservation_lines"."quantity");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('placed', 'validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped', 'out_for_delivery', 'delivered', 'on_hold', 'cancelled', 'return_requested', 'return_received', 'partially_refunded', 'refunded'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_held_from_check" CHECK ("orders"."held_from" is null or "orders"."held_from" in ('placed', 'validated', 'in_preparation', 'prepared', 'partially_shipped', 'shipped', 'out_for_delivery', 'delivered', 'on_hold', 'cancelled', 'return_requested', 'return_received', 'partially_refunded', 'refunded'));