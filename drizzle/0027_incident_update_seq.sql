DROP INDEX "incident_updates_incident_idx";--> statement-breakpoint
ALTER TABLE "incident_updates" ADD COLUMN "seq" integer NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_updates_incident_seq_idx" ON "incident_updates" USING btree ("incident_id","seq");