CREATE TABLE "payment_follow_ups" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"pay_link_sent_at" timestamp with time zone,
	"pay_link_sent_by" text,
	"assistance_requested_at" timestamp with time zone,
	"assistance_contact" text,
	"assistance_phone" text,
	"assistance_note" text,
	"assistance_taken_at" timestamp with time zone,
	"assistance_taken_by" text
);
