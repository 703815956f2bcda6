CREATE TABLE "back_in_stock_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"variant_id" uuid NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbound_supply" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"variant_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"expected_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_supply_quantity_check" CHECK ("inbound_supply"."quantity" > 0 and "inbound_supply"."received" >= 0),
	CONSTRAINT "inbound_supply_status_check" CHECK ("inbound_supply"."status" in ('open', 'received', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "inventory_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"reservation_ttl_minutes" integer DEFAULT 15 NOT NULL,
	"low_stock_threshold" integer DEFAULT 3 NOT NULL,
	"default_lead_time_days" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_batches" (
	"batch_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"actor" text NOT NULL,
	"content_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_reservation_lines" (
	"reservation_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"backordered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stock_reservation_lines_reservation_id_variant_id_location_id_pk" PRIMARY KEY("reservation_id","variant_id","location_id"),
	CONSTRAINT "stock_reservation_lines_quantity_check" CHECK ("stock_reservation_lines"."quantity" > 0 and "stock_reservation_lines"."backordered" >= 0 and "stock_reservation_lines"."backordered" <= "stock_reservation_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone,
	"order_reference" text DEFAULT '' NOT NULL,
	"end_reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_reservations_status_check" CHECK ("stock_reservations"."status" in ('held', 'allocated', 'sold', 'shipped', 'released', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
ALTER TABLE "stock_locations" ADD COLUMN "priority" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_supply" ADD CONSTRAINT "inbound_supply_location_id_stock_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservation_lines" ADD CONSTRAINT "stock_reservation_lines_reservation_id_stock_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."stock_reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservation_lines" ADD CONSTRAINT "stock_reservation_lines_location_id_stock_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."stock_locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "back_in_stock_open_key" ON "back_in_stock_requests" USING btree ("variant_id","email") WHERE "back_in_stock_requests"."notified_at" is null;--> statement-breakpoint
CREATE INDEX "inbound_supply_variant_idx" ON "inbound_supply" USING btree ("variant_id","status","expected_on");--> statement-breakpoint
CREATE INDEX "stock_reservation_lines_variant_idx" ON "stock_reservation_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_reservations_live_holder_key" ON "stock_reservations" USING btree ("holder") WHERE "stock_reservations"."status" in ('held', 'allocated');--> statement-breakpoint
CREATE INDEX "stock_reservations_due_idx" ON "stock_reservations" USING btree ("status","expires_at");