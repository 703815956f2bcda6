CREATE TABLE "shipping_calendar" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"business_days" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_calendar_single_row" CHECK ("shipping_calendar"."id" = 1),
	CONSTRAINT "shipping_calendar_business_days_check" CHECK (cardinality("shipping_calendar"."business_days") > 0 and "shipping_calendar"."business_days" <@ '{1,2,3,4,5,6,7}'::integer[])
);
--> statement-breakpoint
CREATE TABLE "shipping_holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_methods" (
	"id" uuid PRIMARY KEY NOT NULL,
	"zone_id" uuid NOT NULL,
	"name" text NOT NULL,
	"carrier" text DEFAULT '' NOT NULL,
	"transit_days_min" integer NOT NULL,
	"transit_days_max" integer NOT NULL,
	"price_minor" integer NOT NULL,
	"free_over_minor" integer,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_methods_transit_check" CHECK ("shipping_methods"."transit_days_min" >= 0 and "shipping_methods"."transit_days_max" >= "shipping_methods"."transit_days_min"),
	CONSTRAINT "shipping_methods_price_check" CHECK ("shipping_methods"."price_minor" >= 0 and ("shipping_methods"."free_over_minor" is null or "shipping_methods"."free_over_minor" >= 0))
);
--> statement-breakpoint
CREATE TABLE "shipping_zones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"rest_of_world" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_zones_countries_check" CHECK (("shipping_zones"."rest_of_world" and cardinality("shipping_zones"."countries") = 0 and cardinality("shipping_zones"."regions") = 0) or (not "shipping_zones"."rest_of_world" and cardinality("shipping_zones"."countries") > 0))
);
--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD CONSTRAINT "shipping_methods_zone_id_shipping_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."shipping_zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipping_methods_zone_idx" ON "shipping_methods" USING btree ("zone_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_zones_one_rest_of_world" ON "shipping_zones" USING btree ("rest_of_world") WHERE "shipping_zones"."rest_of_world";