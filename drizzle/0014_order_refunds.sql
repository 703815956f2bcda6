CREATE TABLE "order_refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"error" text,
	"requested_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "order_refunds_amount_check" CHECK ("order_refunds"."amount" > 0),
	CONSTRAINT "order_refunds_seq_check" CHECK ("order_refunds"."seq" > 0),
	CONSTRAINT "order_refunds_state_check" CHECK ("order_refunds"."state" in ('requested', 'done', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "order_refunds_order_seq_key" ON "order_refunds" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "order_refunds_order_idx" ON "order_refunds" USING btree ("order_id","requested_at");