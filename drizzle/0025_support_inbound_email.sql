CREATE TABLE "inbound_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"inbound_email_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"filename" text NOT NULL,
	"declared_type" text NOT NULL,
	"served_type" text,
	"size" bigint NOT NULL,
	"stored_path" text,
	"refused" text,
	CONSTRAINT "inbound_attachments_refused_check" CHECK ("inbound_attachments"."refused" is null or "inbound_attachments"."refused" in ('too_large', 'type', 'message_total')),
	CONSTRAINT "inbound_attachments_kept_check" CHECK (("inbound_attachments"."refused" is null) = ("inbound_attachments"."stored_path" is not null and "inbound_attachments"."served_type" is not null))
);
--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" text,
	"via" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"envelope_from" text,
	"from_address" text,
	"from_name" text,
	"subject" text DEFAULT '' NOT NULL,
	"outcome" text NOT NULL,
	"detail" text,
	"raw_path" text,
	"raw_size" bigint NOT NULL,
	"loop_reason" text,
	"ticket_id" uuid,
	"ticket_message_id" uuid,
	"threaded_by" text,
	"follows_ticket_id" uuid,
	"full_text" text DEFAULT '' NOT NULL,
	CONSTRAINT "inbound_emails_via_check" CHECK ("inbound_emails"."via" in ('smtp', 'webhook')),
	CONSTRAINT "inbound_emails_outcome_check" CHECK ("inbound_emails"."outcome" in ('opened', 'added', 'report', 'refused')),
	CONSTRAINT "inbound_emails_threaded_by_check" CHECK ("inbound_emails"."threaded_by" is null or "inbound_emails"."threaded_by" in ('subject', 'in_reply_to', 'references')),
	CONSTRAINT "inbound_emails_kept_check" CHECK (("inbound_emails"."outcome" = 'refused') = ("inbound_emails"."raw_path" is null))
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "no_auto_reply" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_attachments" ADD CONSTRAINT "inbound_attachments_inbound_email_id_inbound_emails_id_fk" FOREIGN KEY ("inbound_email_id") REFERENCES "public"."inbound_emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_ticket_message_id_ticket_messages_id_fk" FOREIGN KEY ("ticket_message_id") REFERENCES "public"."ticket_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_follows_ticket_id_tickets_id_fk" FOREIGN KEY ("follows_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_attachments_position_key" ON "inbound_attachments" USING btree ("inbound_email_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_message_id_key" ON "inbound_emails" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_emails_ticket_idx" ON "inbound_emails" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "inbound_emails_ticket_message_idx" ON "inbound_emails" USING btree ("ticket_message_id");--> statement-breakpoint
CREATE INDEX "inbound_emails_received_idx" ON "inbound_emails" USING btree ("received_at");