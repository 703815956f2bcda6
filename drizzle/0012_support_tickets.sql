CREATE TABLE "ticket_events" (
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "ticket_events_ticket_id_seq_pk" PRIMARY KEY("ticket_id","seq")
);
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"channel" text,
	"author" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_messages_kind_check" CHECK ("ticket_messages"."kind" in ('customer', 'agent_reply', 'internal_note', 'system')),
	CONSTRAINT "ticket_messages_channel_check" CHECK ("ticket_messages"."channel" is null or "ticket_messages"."channel" in ('web', 'email', 'phone', 'chat', 'callback', 'order_page', 'delay_alert', 'checkout')),
	CONSTRAINT "ticket_messages_body_check" CHECK (char_length("ticket_messages"."body") between 1 and 20000)
);
--> statement-breakpoint
CREATE TABLE "ticket_orders" (
	"ticket_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_number" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ticket_orders_ticket_id_order_id_pk" PRIMARY KEY("ticket_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" uuid,
	"email" text NOT NULL,
	"name" text,
	"subject" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"queue" text DEFAULT 'general' NOT NULL,
	"assignee_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"source_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"first_read_at" timestamp with time zone,
	"solved_at" timestamp with time zone,
	CONSTRAINT "tickets_channel_check" CHECK ("tickets"."channel" in ('web', 'email', 'phone', 'chat', 'callback', 'order_page', 'delay_alert', 'checkout')),
	CONSTRAINT "tickets_status_check" CHECK ("tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party', 'solved', 'closed')),
	CONSTRAINT "tickets_priority_check" CHECK ("tickets"."priority" in ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "tickets_email_check" CHECK ("tickets"."email" = lower("tickets"."email") and "tickets"."email" <> ''),
	CONSTRAINT "tickets_subject_check" CHECK (char_length("tickets"."subject") between 1 and 200)
);
--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_orders" ADD CONSTRAINT "ticket_orders_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_messages_seq_key" ON "ticket_messages" USING btree ("ticket_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_orders_order_idx" ON "ticket_orders" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_key" ON "tickets" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_key" ON "tickets" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "tickets_status_updated_idx" ON "tickets" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "tickets_open_created_idx" ON "tickets" USING btree ("created_at") WHERE "tickets"."status" in ('new', 'open', 'waiting_on_customer', 'waiting_on_third_party');--> statement-breakpoint
CREATE INDEX "tickets_email_idx" ON "tickets" USING btree ("email");--> statement-breakpoint
CREATE INDEX "tickets_customer_idx" ON "tickets" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_tags_idx" ON "tickets" USING gin ("tags");