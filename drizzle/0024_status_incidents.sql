CREATE TABLE "back_online_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"outage_since" timestamp with time zone NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_updates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"state" text NOT NULL,
	"message" text NOT NULL,
	"posted_by" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_updates_message_length" CHECK (char_length("incident_updates"."message") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"components" text[] NOT NULL,
	"impact" text NOT NULL,
	"state" text NOT NULL,
	"automatic_key" text,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "incidents_title_length" CHECK (char_length("incidents"."title") between 1 and 120),
	CONSTRAINT "incidents_components_given" CHECK (cardinality("incidents"."components") > 0),
	CONSTRAINT "incidents_resolved_state" CHECK (("incidents"."state" = 'resolved') = ("incidents"."resolved_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "incident_updates" ADD CONSTRAINT "incident_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "back_online_requests_email_idx" ON "back_online_requests" USING btree ("email");--> statement-breakpoint
CREATE INDEX "incident_updates_incident_idx" ON "incident_updates" USING btree ("incident_id","posted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_automatic_key" ON "incidents" USING btree ("automatic_key") WHERE "incidents"."resolved_at" is null and "incidents"."automatic_key" is not null;--> statement-breakpoint
CREATE INDEX "incidents_opened_idx" ON "incidents" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "incidents_unresolved_idx" ON "incidents" USING btree ("opened_at") WHERE "incidents"."resolved_at" is null;