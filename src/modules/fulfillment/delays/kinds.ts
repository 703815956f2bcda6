// The kinds of delay the checks find, as data: what staff read in lists and tickets. What the
// customer reads (an apology and what we are doing) is written in the order page section.

export const DELAY_KINDS = ['processing', 'no_scan', 'carrier_exception', 'backorder'] as const;
export type DelayKind = (typeof DELAY_KINDS)[number];

/** Short names for staff lists and ticket notes. */
export const DELAY_KIND_LABELS: Readonly<Record<DelayKind, string>> = {
  processing: 'Not shipped by its ship day',
  no_scan: 'No carrier scan',
  carrier_exception: 'Carrier exception',
  backorder: 'Restock later than promised',
};

/** Kinds about one parcel already with the carrier; the others are about units still with us. */
export const PARCEL_KINDS: ReadonlySet<DelayKind> = new Set(['no_scan', 'carrier_exception']);
