CREATE TABLE "listing_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "listing_state_single_row" CHECK ("listing_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "listing_summaries" (
	"scope" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"total" integer NOT NULL,
	"facets" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "products_published_order_idx" ON "products" USING btree ("published_at" DESC NULLS LAST,"id");--> statement-breakpoint
INSERT INTO "listing_state" ("id", "version") VALUES (1, 0);