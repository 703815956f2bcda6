CREATE TABLE "carrier_simulator_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"event_ids" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"status" integer NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"duplicate" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_simulator_events" (
	"id" text PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"seq" integer NOT NULL,
	"code" text NOT NULL,
	"detail" text NOT NULL,
	"location" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"estimate_earliest" date,
	"estimate_latest" date,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"planned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carrier_simulator_events_seq_check" CHECK ("carrier_simulator_events"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "carrier_simulator_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"faults" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "carrier_simulator_settings_one_row" CHECK ("carrier_simulator_settings"."id" = 1)
);
--> statement-breakpoint
CREATE INDEX "carrier_simulator_deliveries_at_idx" ON "carrier_simulator_deliveries" USING btree ("attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_simulator_events_parcel_seq_key" ON "carrier_simulator_events" USING btree ("carrier","tracking_number","seq");--> statement-breakpoint
CREATE INDEX "carrier_simulator_events_tracking_idx" ON "carrier_simulator_events" USING btree ("tracking_number");--> statement-breakpoint
CREATE INDEX "carrier_simulator_events_pending_idx" ON "carrier_simulator_events" USING btree ("next_attempt_at") WHERE "carrier_simulator_events"."sent_at" is null and "carrier_simulator_events"."gave_up_at" is null;