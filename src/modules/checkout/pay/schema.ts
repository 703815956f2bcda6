import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * What was done for an unpaid order besides paying: the pay link emailed (or waiting for
 * card payments to be back), and the buyer's request to finish with a person (with how to
 * reach them), until an agent takes it up.
 */
export const paymentFollowUps = pgTable('payment_follow_ups', {
  orderId: uuid('order_id').primaryKey(),
  payLinkSentAt: timestamp('pay_link_sent_at', { withTimezone: true }),
  /** "customer" or "staff:<id>": who asked for the last pay link. */
  payLinkSentBy: text('pay_link_sent_by'),
  assistanceRequestedAt: timestamp('assistance_requested_at', { withTimezone: true }),
  /** How the buyer wants to be reached: "phone" or "email". */
  assistanceContact: text('assistance_contact'),
  assistancePhone: text('assistance_phone'),
  assistanceNote: text('assistance_note'),
  assistanceTakenAt: timestamp('assistance_taken_at', { withTimezone: true }),
  assistanceTakenBy: text('assistance_taken_by'),
  /**
   * Set when the order was placed while card payments were paused (the gateway's circuit
   * breaker open): its pay link is emailed once the gateway answers again, then this is cleared.
   */
  payLinkWhenBackSince: timestamp('pay_link_when_back_since', { withTimezone: true }),
});
