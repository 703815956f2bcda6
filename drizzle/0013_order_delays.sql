CREATE TABLE "delay_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"no_scan_business_days" integer DEFAULT 2 NOT NULL,
	"replan_business_days" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delay_settings_days_check" CHECK ("delay_settings"."no_scan_business_days" between 1 and 30 and "delay_settings"."replan_business_days" between 1 and 30)
);
--> statement-breakpoint
CREATE TABLE "order_delays" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"revision" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"new_ships_on" date,
	"new_earliest" date NOT NULL,
	"new_latest" date NOT NULL,
	"detail" text NOT NULL,
	"shipment_id" uuid,
	"variant_id" uuid,
	"ticket_id" uuid,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "order_delays_kind_check" CHECK ("order_delays"."kind" in ('processing', 'no_scan', 'carrier_exception', 'backorder')),
	CONSTRAINT "order_delays_dates_check" CHECK ("order_delays"."new_earliest" <= "order_delays"."new_latest")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "order_delays_revision_key" ON "order_delays" USING btree ("order_id","kind","revision");--> statement-breakpoint
CREATE INDEX "order_delays_open_idx" ON "order_delays" USING btree ("order_id") WHERE "order_delays"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "order_delays_detected_idx" ON "order_delays" USING btree ("detected_at");