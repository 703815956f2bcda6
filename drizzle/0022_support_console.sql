CREATE TABLE "support_blocked_senders" (
	"email" text PRIMARY KEY NOT NULL,
	"blocked_at" timestamp with time zone NOT NULL,
	"blocked_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_macros" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "support_macros_title_check" CHECK (char_length("support_macros"."title") between 1 and 80),
	CONSTRAINT "support_macros_body_check" CHECK (char_length("support_macros"."body") between 1 and 20000)
);
--> statement-breakpoint
CREATE TABLE "support_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"escalate_at_percent" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_settings_single_row" CHECK ("support_settings"."id" = 1),
	CONSTRAINT "support_settings_percent_check" CHECK ("support_settings"."escalate_at_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "ticket_presence" (
	"ticket_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"replying" boolean DEFAULT false NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_presence_ticket_id_staff_id_pk" PRIMARY KEY("ticket_id","staff_id")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_due_at" timestamp with time zone GENERATED ALWAYS AS (case when first_responded_at is null and first_response_due_at is not null then first_response_due_at else resolution_due_at end) STORED;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "spam_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_presence" ADD CONSTRAINT "ticket_presence_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "support_macros_title_key" ON "support_macros" USING btree (lower("title"));--> statement-breakpoint
CREATE INDEX "tickets_queue_due_idx" ON "tickets" USING btree ("sla_due_at","id") WHERE "tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party') and "tickets"."spam_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_assignee_due_idx" ON "tickets" USING btree ("assignee_id","sla_due_at","id") WHERE "tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party') and "tickets"."spam_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_queue_name_due_idx" ON "tickets" USING btree ("queue","sla_due_at","id") WHERE "tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party') and "tickets"."spam_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_escalation_idx" ON "tickets" USING btree ("sla_due_at") WHERE "tickets"."escalated_at" is null and "tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party') and "tickets"."spam_at" is null;