CREATE TABLE "support_hours" (
	"id" integer PRIMARY KEY NOT NULL,
	"opens" text NOT NULL,
	"closes" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_hours_single_row" CHECK ("support_hours"."id" = 1),
	CONSTRAINT "support_hours_times_check" CHECK ("support_hours"."opens" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "support_hours"."closes" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "support_hours"."opens" < "support_hours"."closes")
);
--> statement-breakpoint
CREATE TABLE "support_policies" (
	"tier" text NOT NULL,
	"channel" text NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"business_hours" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_policies_tier_channel_pk" PRIMARY KEY("tier","channel"),
	CONSTRAINT "support_policies_tier_check" CHECK ("support_policies"."tier" in ('standard', 'premium', 'platinum')),
	CONSTRAINT "support_policies_channel_check" CHECK ("support_policies"."channel" in ('web', 'email', 'phone', 'chat', 'callback', 'order_page', 'delay_alert', 'checkout')),
	CONSTRAINT "support_policies_minutes_check" CHECK ("support_policies"."first_response_minutes" > 0 and "support_policies"."resolution_minutes" >= "support_policies"."first_response_minutes")
);
--> statement-breakpoint
CREATE TABLE "ticket_ratings" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"rating" text NOT NULL,
	"comment" text,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_ratings_rating_check" CHECK ("ticket_ratings"."rating" in ('good', 'bad')),
	CONSTRAINT "ticket_ratings_comment_check" CHECK ("ticket_ratings"."comment" is null or char_length("ticket_ratings"."comment") between 1 and 2000)
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_tier" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_business_hours" boolean;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_breached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticket_ratings" ADD CONSTRAINT "ticket_ratings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_first_response_due_idx" ON "tickets" USING btree ("first_response_due_at") WHERE "tickets"."first_responded_at" is null and "tickets"."first_response_breached_at" is null;--> statement-breakpoint
CREATE INDEX "tickets_resolution_due_idx" ON "tickets" USING btree ("resolution_due_at") WHERE "tickets"."resolution_breached_at" is null and "tickets"."solved_at" is null;