// The delivery promise: for a quantity of a variant, when it leaves the warehouse and when it
// arrives, in words a shopper reads on the product page, the cart and before payment. One
// pure function, so those three places cannot disagree; the caller gathers the figures.
import {
  addBusinessDays,
  addDays,
  businessDayOnOrAfter,
  dispatchDate,
  formatDay,
  formatDayRange,
  localDateOf,
  type BusinessCalendar,
  type Dispatch,
  type LocalDate,
} from '../../platform/calendar.ts';
import { canOrder, type Availability, type AvailabilityState } from './availability.ts';

/** Units expected in on a day (a purchase order or expected receipt). */
export interface InboundSupply {
  expectedOn: LocalDate;
  quantity: number;
}

export interface DeliveryPromiseInput {
  availability: Availability;
  quantity: number;
  /** Processing days and cut-off of the location the order ships from. */
  location: Dispatch;
  /** Transit business days of the chosen shipping method; null before one is known (only the dispatch day is promised). */
  method: { transitDaysMin: number; transitDaysMax: number } | null;
  /**
   * Supply still to come that earlier backorders have not claimed, in any order. A backorder
   * ships from the first day enough of it is in; without enough, after the lead time.
   */
  inbound?: readonly InboundSupply[];
  /** The shipping calendar in the store's time zone: dispatch and transit count its business days. */
  calendar: BusinessCalendar;
  /** The store locale the label is written in. */
  locale: string;
  now: Date;
}

export interface DeliveryPromise {
  /** The state for this quantity: more than is in stock under a backorder policy is 'backorder'. */
  state: AvailabilityState;
  /** Whether this quantity can be ordered at all. */
  orderable: boolean;
  /** The day the parcel leaves, in the store's time zone; null when unknown or not orderable. */
  shipsOn: LocalDate | null;
  /** True when shipsOn waits on a restock or on making the item: the shopper reads "around". */
  estimated: boolean;
  /** First and last likely delivery day; null without a ship day or a shipping method. */
  arrives: { from: LocalDate; to: LocalDate } | null;
  label: string;
}

/** Dates further out than this carry their year. */
const YEAR_SHOWN_AFTER_DAYS = 180;

export function deliveryPromise(input: DeliveryPromiseInput): DeliveryPromise {
  const { availability, quantity, calendar, location, now } = input;
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a whole number of at least 1: ${quantity}`);
  const today = localDateOf(now, calendar.timeZone);
  const write = writer(input, today);

  if (!canOrder(availability, quantity)) {
    const most = availability.maxOrderable ?? 0;
    if (most === 0) return { state: 'out_of_stock', orderable: false, shipsOn: null, estimated: false, arrives: null, label: 'Sold out' };
    return { state: availability.state, orderable: false, shipsOn: null, estimated: false, arrives: null, label: `Only ${most} available` };
  }

  const fromStock = availability.available === null || quantity <= availability.available;
  const leadTime = (days: number | null) => (days === null ? null : dispatchDate(calendar, now, { ...location, processingDays: location.processingDays + days }));

  switch (availability.state) {
    case 'made_to_order':
      return write('made_to_order', leadTime(availability.leadTimeDays), true, 'Made to order');
    case 'preorder': {
      const release = availability.releaseDate;
      if (release === null) return write('preorder', null, false, 'Pre-order', 'release date to be announced');
      // Pre-orders are picked before release so they can leave on the release day itself,
      // unless the order comes too late for that.
      if (release > today) {
        const releaseDay = businessDayOnOrAfter(calendar, release);
        const ordinary = dispatchDate(calendar, now, location);
        return write('preorder', releaseDay > ordinary ? releaseDay : ordinary, false, 'Pre-order');
      }
      // Released: sold like a backorder from here on.
      break;
    }
  }
  if (fromStock) {
    // A released pre-order in stock reads like any stocked item.
    const state = availability.available !== null && availability.available <= availability.lowStockAt ? 'low_stock' : 'in_stock';
    const heading = state === 'low_stock' ? `Only ${availability.available} left` : 'In stock';
    return write(state, dispatchDate(calendar, now, location), false, heading);
  }

  const shortfall = quantity - (availability.available ?? 0);
  const restocked = restockDay(input.inbound ?? [], shortfall);
  if (restocked !== null) {
    // Supply counts from the day it is due, or from now when it is overdue.
    const shipsOn = restocked > today ? addBusinessDays(calendar, businessDayOnOrAfter(calendar, restocked), location.processingDays) : dispatchDate(calendar, now, location);
    return write('backorder', shipsOn, true, 'Backordered');
  }
  return write('backorder', leadTime(availability.leadTimeDays), true, 'Backordered');
}

/** The first day by which the expected supply covers `shortfall` units, or null if it never does. */
function restockDay(inbound: readonly InboundSupply[], shortfall: number): LocalDate | null {
  let expected = 0;
  for (const supply of [...inbound].sort((a, b) => a.expectedOn.localeCompare(b.expectedOn))) {
    expected += Math.max(0, supply.quantity);
    if (expected >= shortfall) return supply.expectedOn;
  }
  return null;
}

/** Builds the answer and its label once the state and ship day are known. */
function writer(input: DeliveryPromiseInput, today: LocalDate) {
  const { calendar, method, locale } = input;
  /** `unknown` says what the shopper is told when there is no ship day. */
  return (state: AvailabilityState, shipsOn: LocalDate | null, estimated: boolean, heading: string, unknown = 'ship date to be confirmed'): DeliveryPromise => {
    if (shipsOn === null) return { state, orderable: true, shipsOn: null, estimated, arrives: null, label: `${heading} — ${unknown}` };
    const arrives = method && { from: addBusinessDays(calendar, shipsOn, method.transitDaysMin), to: addBusinessDays(calendar, shipsOn, method.transitDaysMax) };
    const withYear = (arrives?.to ?? shipsOn) > addDays(today, YEAR_SHOWN_AFTER_DAYS);
    const ships = `ships ${estimated ? 'around ' : ''}${formatDay(shipsOn, locale, { withYear })}`;
    const arrival = arrives && `arrives ${formatDayRange(arrives.from, arrives.to, locale, { withYear })}`;
    // In stock, the shopper cares when it arrives; otherwise the wait starts with the ship day.
    const details = state === 'in_stock' || state === 'low_stock' ? (arrival ?? ships) : [ships, arrival].filter(Boolean).join(', ');
    return { state, orderable: true, shipsOn, estimated, arrives, label: `${heading} — ${details}` };
  };
}
