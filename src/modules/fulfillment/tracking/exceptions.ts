// A carrier's exception in words a customer can act on, with what the store does about it. The
// carrier's own words ("ADDRESS INCOMPLETE - CONTACT SHIPPER") are kept for staff and quoted
// to the customer only when nothing plainer fits. What we do is what actually happens: the
// delay checks open a ticket for an agent on every exception (fulfillment/delays).
import type { Shipment, TrackingEvent } from '../shipments/read.ts';

export interface ExceptionWords {
  title: string;
  /** What happened, plainly. */
  what: string;
  /** What the store is doing about it, and whether the customer needs to do anything. */
  doing: string;
}

const KINDS: readonly { test: RegExp; title: string; what: string; doing: string }[] = [
  {
    test: /address|recipient|consignee|apartment|suite|unit number/i,
    title: 'The carrier has a question about the address',
    what: 'The carrier could not complete the delivery with the address as it is written.',
    doing: 'We are checking the address with the carrier now. If we need anything from you, we email you; you can also ask us about it below.',
  },
  {
    test: /damage|broken/i,
    title: 'The parcel was damaged on the way',
    what: 'The carrier reports that the parcel was damaged.',
    doing: 'We are in touch with the carrier and will email you what happens next; if it cannot be delivered as it should, we send the items again or refund them.',
  },
  {
    test: /weather|storm|snow|flood|hurricane/i,
    title: 'Bad weather is holding the parcel up',
    what: 'The carrier reports a delay because of the weather.',
    doing: 'There is nothing you need to do: the parcel moves on as soon as it can, and the date shown is the carrier’s newest estimate.',
  },
  {
    test: /nobody|no one|not home|missed|attempt|closed/i,
    title: 'The carrier could not deliver',
    what: 'The carrier tried to deliver but could not hand the parcel over.',
    doing: 'Carriers usually try again on the next working day; their page (the tracking number link) says when, and how to choose another day or a pickup point.',
  },
];

/** The newest exception or delay scan, which says which of the two the parcel's exception is. */
function newestNote(events: readonly TrackingEvent[]): TrackingEvent | undefined {
  return events.find((event) => event.code === 'exception' || event.code === 'delayed');
}

/** Null when the parcel has no open exception. Events are newest first. */
export function exceptionWords(parcel: Pick<Shipment, 'exception'>, events: readonly TrackingEvent[]): ExceptionWords | null {
  if (!parcel.exception) return null;
  const known = KINDS.find((kind) => kind.test.test(parcel.exception!));
  if (known) return { title: known.title, what: known.what, doing: known.doing };
  if (newestNote(events)?.code === 'delayed') {
    return {
      title: 'The parcel is delayed',
      what: `The carrier reports a delay: “${parcel.exception}”.`,
      doing: 'There is nothing you need to do. The date shown is the carrier’s newest estimate, and we keep an eye on it.',
    };
  }
  return {
    title: 'The carrier reported a problem',
    what: `The carrier says: “${parcel.exception}”.`,
    doing: 'We are looking into it with the carrier and will email you what happens next. If we need anything from you, we say so.',
  };
}
