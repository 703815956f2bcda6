// A parcel's journey as the carrier simulator plans it when tracking starts, from "now" in the
// store's time zone and business days: the label (at once), the pick-up at the carrier's
// afternoon collection (today before the 16:00 cut-off, else the next business day), two to
// four scans at hubs along the way overnight, out for delivery in the morning of the delivery
// day and delivered that day. The delivery day is the service's transit time after pick-up,
// kept within the store's own estimate for the parcel when it has one, and the pick-up and
// transit scans carry it as the carrier's estimate. An address problem adds a failed first
// attempt (an exception carrying the next business day) and a delay adds a `delayed` scan
// that moves the estimate one or two business days on. Pure: the same input (and `random`,
// seeded from the tracking number by the caller) gives the same journey.
import { addBusinessDays, dispatchDate, instantAt, nextBusinessDay, type BusinessCalendar, type LocalDate } from '../../../../platform/calendar.ts';
import type { TrackingCode } from '../../states.ts';
import type { CarrierCode } from '../numbers/index.ts';
import { HUBS } from './hubs.ts';
import type { SimulatedPlace } from './schema.ts';

/** The carrier collects from the store in the afternoon: a parcel labelled before this leaves that day. */
export const PICKUP_CUTOFF = '16:00';

export interface TimelineInput {
  carrier: CarrierCode;
  service: string;
  now: Date;
  calendar: BusinessCalendar;
  /** The store's estimate for the parcel (local dates), if it has one. */
  storeEstimate: { earliest: string; latest: string } | null;
  /** Where the parcel goes (city and region of the shipping address). */
  destination: SimulatedPlace;
  addressIssue: boolean;
  delay: boolean;
  random: () => number;
}

export interface PlannedEvent {
  code: TrackingCode;
  detail: string;
  location: SimulatedPlace;
  occurredAt: Date;
  estimate: { earliest: LocalDate; latest: LocalDate } | null;
}

const MINUTE = 60_000;

/** Business days in transit after pick-up, read from the service's name. */
export function transitDays(service: string): number {
  const name = service.toLowerCase();
  if (/next day|overnight|express|1 ?day|one day/.test(name)) return 1;
  if (/2nd day|2 ?day|two day|priority/.test(name)) return 2;
  return 3;
}

const clockTime = (minutesAfterMidnight: number) => `${String(Math.floor(minutesAfterMidnight / 60)).padStart(2, '0')}:${String(minutesAfterMidnight % 60).padStart(2, '0')}`;

export function planTimeline(input: TimelineInput): PlannedEvent[] {
  const { calendar, random, now } = input;
  const tz = calendar.timeZone;
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const at = (date: LocalDate, fromMinutes: number, toMinutes: number) => instantAt(date, clockTime(between(fromMinutes, toMinutes)), tz);
  const day = (date: LocalDate) => ({ earliest: date, latest: date });

  const hubs = [...HUBS[input.carrier]];
  const origin = hubs.splice(between(0, hubs.length - 1), 1)[0]!;
  const via = Array.from({ length: between(0, 2) }, () => hubs.splice(between(0, hubs.length - 1), 1)[0]!);

  const pickupDay = dispatchDate(calendar, now, { processingDays: 0, cutoffTime: PICKUP_CUTOFF });
  const pickedUpAt = at(pickupDay, 16 * 60 + 30, 18 * 60);
  const soonest = nextBusinessDay(calendar, pickupDay);
  let deliveryDay = addBusinessDays(calendar, pickupDay, transitDays(input.service));
  if (input.storeEstimate) {
    if (deliveryDay < input.storeEstimate.earliest) deliveryDay = input.storeEstimate.earliest;
    if (deliveryDay > input.storeEstimate.latest) deliveryDay = input.storeEstimate.latest;
  }
  if (deliveryDay < soonest) deliveryDay = soonest;

  const events: PlannedEvent[] = [
    { code: 'label_created', detail: 'Shipping label created: the carrier is waiting for the parcel', location: {}, occurredAt: new Date(now.getTime() + between(1, 3) * MINUTE), estimate: null },
    { code: 'picked_up', detail: 'Picked up by the carrier', location: origin, occurredAt: pickedUpAt, estimate: day(deliveryDay) },
  ];

  // The scans between pick-up and the destination facility, spread evenly over the nights between.
  const stops: { detail: string; location: SimulatedPlace }[] = [
    { detail: 'Departed facility', location: origin },
    ...via.map((hub) => ({ detail: 'Arrived at facility', location: hub })),
    { detail: 'Arrived at destination facility', location: input.destination },
  ];
  const departs = pickedUpAt.getTime() + between(90, 180) * MINUTE;
  let estimate = deliveryDay;
  let arrives = at(estimate, 3 * 60, 5 * 60).getTime();
  stops.forEach((stop, index) => {
    if (input.delay && index === 1) {
      // Held at the first hub: the scan says so and carries the new day, the rest follows it.
      const heldAt = events.at(-1)!.occurredAt.getTime() + between(60, 180) * MINUTE;
      estimate = addBusinessDays(calendar, deliveryDay, between(1, 2));
      events.push({ code: 'delayed', detail: 'Delayed in transit: the parcel missed its connection and will arrive later than planned', location: stops[0]!.location, occurredAt: new Date(heldAt), estimate: day(estimate) });
      arrives = at(estimate, 3 * 60, 5 * 60).getTime();
    }
    const previous = events.at(-1)!.occurredAt.getTime();
    const left = stops.length - index;
    const time = index === 0 ? departs : index === stops.length - 1 ? arrives : previous + Math.floor((arrives - previous) / left) + between(-20, 20) * MINUTE;
    events.push({ code: 'in_transit', detail: stop.detail, location: stop.location, occurredAt: new Date(Math.max(time, previous + MINUTE)), estimate: day(estimate) });
  });

  events.push({ code: 'out_for_delivery', detail: 'Out for delivery', location: input.destination, occurredAt: at(estimate, 7 * 60 + 30, 8 * 60 + 30), estimate: null });
  if (input.addressIssue) {
    const retry = nextBusinessDay(calendar, estimate);
    events.push(
      { code: 'exception', detail: 'Delivery attempted: the address is incomplete. The carrier is contacting the receiver', location: input.destination, occurredAt: at(estimate, 11 * 60, 14 * 60), estimate: day(retry) },
      { code: 'out_for_delivery', detail: 'Address corrected: out for delivery', location: input.destination, occurredAt: at(retry, 7 * 60 + 30, 8 * 60 + 30), estimate: null },
    );
    estimate = retry;
  }
  events.push({ code: 'delivered', detail: random() < 0.5 ? 'Delivered: left at the front door' : 'Delivered: handed to the receiver', location: input.destination, occurredAt: at(estimate, 10 * 60, 16 * 60 + 30), estimate: null });
  return events;
}
