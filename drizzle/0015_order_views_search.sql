CREATE TABLE "order_views" (
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"viewer" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_views_kind_check" CHECK ("order_views"."kind" in ('page_view', 'tracking_click')),
	CONSTRAINT "order_views_viewer_check" CHECK ("order_views"."viewer" in ('link', 'customer', 'staff'))
);
--> statement-breakpoint
CREATE INDEX "order_views_at_idx" ON "order_views" USING btree ("at","kind","viewer");--> statement-breakpoint
CREATE INDEX "orders_search_trgm_idx" ON "orders" USING gin (lower("email" || ' ' || coalesce("shipping_address"->>'name', '') || ' ' || regexp_replace(coalesce("shipping_address"->>'phone', ''), '[^0-9]', '', 'g')) gin_trgm_ops);