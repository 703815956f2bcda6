CREATE TABLE "maintenance_back_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"window_id" uuid NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "maintenance_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"lead_minutes" integer NOT NULL,
	"drain_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenance_settings_one_row" CHECK ("maintenance_settings"."id" = 1),
	CONSTRAINT "maintenance_settings_minutes" CHECK ("maintenance_settings"."lead_minutes" >= 0 and "maintenance_settings"."drain_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "maintenance_back_requests" ADD CONSTRAINT "maintenance_back_requests_window_id_maintenance_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "maintenance_back_requests_window_email_idx" ON "maintenance_back_requests" USING btree ("window_id","email");--> statement-breakpoint
CREATE INDEX "maintenance_back_requests_waiting_idx" ON "maintenance_back_requests" USING btree ("window_id") WHERE "maintenance_back_requests"."notified_at" is null;