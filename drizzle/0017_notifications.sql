CREATE TABLE "email_brand" (
	"id" integer PRIMARY KEY NOT NULL,
	"sender_name" text NOT NULL,
	"logo_url" text,
	"accent_color" text NOT NULL,
	"footer" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_brand_single_row" CHECK ("email_brand"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "email_preferences" (
	"address" text PRIMARY KEY NOT NULL,
	"recommendations" boolean NOT NULL,
	"announcements" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_suppressions" (
	"address" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outgoing_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dedupe_key" text NOT NULL,
	"touch_point" text NOT NULL,
	"recipient" text NOT NULL,
	"order_id" uuid,
	"ticket_id" uuid,
	"message_id" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"headers" jsonb NOT NULL,
	"promotional" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outgoing_emails_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "outgoing_emails_message_id_unique" UNIQUE("message_id"),
	CONSTRAINT "outgoing_emails_attempts" CHECK ("outgoing_emails"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "touch_point_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"subject" text NOT NULL,
	"intro" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "outgoing_emails_due_idx" ON "outgoing_emails" USING btree ("next_attempt_at") WHERE "outgoing_emails"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "outgoing_emails_order_idx" ON "outgoing_emails" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "outgoing_emails_ticket_idx" ON "outgoing_emails" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "outgoing_emails_recipient_idx" ON "outgoing_emails" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "outgoing_emails_failed_idx" ON "outgoing_emails" USING btree ("created_at") WHERE "outgoing_emails"."status" = 'failed';