// The simulated carriers' journeys, planned from "now" in the store's time zone and business
// days: label at once, pick-up at the afternoon collection (the next business day after the
// cut-off), two to four hub scans in order, out for delivery and delivered on the estimate's
// day (kept within the store's own estimate), holidays and weekends skipped; a delay moves the
// estimate on, an address problem adds a failed attempt and a next-day delivery; and when each
// event reaches the store (late, or a pair swapped).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessCalendar, instantAt, localDateOf, localTimeOf } from '../../../../platform/calendar.ts';
import { deliverySchedule, seededRandom } from './plan.ts';
import { NO_CARRIER_FAULTS } from './faults.ts';
import { planTimeline, transitDays, type TimelineInput } from './timeline.ts';
import { HUBS } from './hubs.ts';

const TZ = 'America/New_York';
const calendar = businessCalendar({ timeZone: TZ, holidays: ['2026-11-26'] });
const NYC = { city: 'New York', region: 'NY', country: 'US' };

function plan(overrides: Partial<TimelineInput> = {}, seed = '1Z5R89390357567127') {
  return planTimeline({
    carrier: 'ups',
    service: 'Ground',
    now: new Date('2026-11-23T15:00:00Z'), // Monday 10:00 in New York
    calendar,
    storeEstimate: null,
    destination: NYC,
    addressIssue: false,
    delay: false,
    random: seededRandom(seed),
    ...overrides,
  });
}

const local = (date: Date) => `${localDateOf(date, TZ)} ${localTimeOf(date, TZ)}`;
const codes = (events: ReturnType<typeof plan>) => events.map((e) => e.code);

describe('a simulated parcel’s journey', () => {
  it('runs label, pick-up, hub scans, out for delivery and delivered, in order, on business days', () => {
    const events = plan();
    const transit = events.filter((e) => e.code === 'in_transit');
    assert.deepEqual(codes(events), ['label_created', 'picked_up', ...transit.map(() => 'in_transit'), 'out_for_delivery', 'delivered']);
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.occurredAt > events[i - 1]!.occurredAt, `${events[i]!.code} after ${events[i - 1]!.code}`);
    assert.ok(events[0]!.occurredAt.getTime() - Date.parse('2026-11-23T15:00:00Z') <= 3 * 60_000, 'the label at once');
    assert.match(local(events[1]!.occurredAt), /^2026-11-23 1[6-8]:\d\d$/, 'collected the same afternoon');
    // Ground: three business days after Monday, with Thanksgiving (Thursday) closed: Friday.
    const delivered = events.at(-1)!;
    assert.equal(localDateOf(delivered.occurredAt, TZ), '2026-11-27');
    assert.match(local(events.at(-2)!.occurredAt), /^2026-11-27 0[78]:\d\d$/, 'out for delivery in the morning');
    for (const e of [events[1]!, ...transit]) assert.deepEqual(e.estimate, { earliest: '2026-11-27', latest: '2026-11-27' }, `${e.code} carries the estimate`);
    assert.equal(transit[0]!.location.city, events[1]!.location.city, 'departs from where it was picked up');
    assert.deepEqual(transit.at(-1)!.location, NYC, 'arrives at the facility near the customer');
    assert.ok(HUBS.ups.some((hub) => hub.city === events[1]!.location.city));
  });

  it('has two to four hub scans, and is the same journey for the same parcel', () => {
    const counts = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const events = plan({}, `parcel-${i}`);
      const transit = events.filter((e) => e.code === 'in_transit').length;
      assert.ok(transit >= 2 && transit <= 4, `${transit} hub scans`);
      counts.add(transit);
      for (let j = 1; j < events.length; j++) assert.ok(events[j]!.occurredAt > events[j - 1]!.occurredAt);
    }
    assert.deepEqual([...counts].sort(), [2, 3, 4]);
    assert.deepEqual(plan({}, 'same'), plan({}, 'same'));
  });

  it('is collected the next business day after the cut-off, and on Monday after a Friday evening', () => {
    const late = plan({ now: new Date('2026-11-23T21:30:00Z') }); // Monday 16:30
    assert.match(local(late[1]!.occurredAt), /^2026-11-24 /);
    const friday = plan({ now: new Date('2026-11-20T23:00:00Z'), service: 'Next Day Air' }); // Friday 18:00
    assert.match(local(friday[1]!.occurredAt), /^2026-11-23 /);
    assert.equal(localDateOf(friday.at(-1)!.occurredAt, TZ), '2026-11-24', 'next day air: Tuesday');
  });

  it('keeps the delivery day within the store’s own estimate', () => {
    const events = plan({ storeEstimate: { earliest: '2026-11-30', latest: '2026-12-01' } });
    assert.equal(localDateOf(events.at(-1)!.occurredAt, TZ), '2026-11-30');
    const sooner = plan({ service: 'Ground', storeEstimate: { earliest: '2026-11-24', latest: '2026-11-25' } });
    assert.equal(localDateOf(sooner.at(-1)!.occurredAt, TZ), '2026-11-25');
    const impossible = plan({ storeEstimate: { earliest: '2026-11-20', latest: '2026-11-21' } });
    assert.equal(localDateOf(impossible.at(-1)!.occurredAt, TZ), '2026-11-24', 'never before the next business day after pick-up');
  });

  it('with a delay: a delayed scan carrying a later estimate, and delivered on that day', () => {
    const events = plan({ delay: true });
    const delayed = events.find((e) => e.code === 'delayed')!;
    assert.ok(delayed, codes(events).join());
    assert.ok(['2026-11-30', '2026-12-01'].includes(delayed.estimate!.earliest), delayed.estimate!.earliest);
    assert.equal(localDateOf(events.at(-1)!.occurredAt, TZ), delayed.estimate!.earliest);
    const after = events.slice(events.indexOf(delayed) + 1).filter((e) => e.code === 'in_transit');
    assert.ok(after.length > 0 && after.every((e) => e.estimate!.earliest === delayed.estimate!.earliest));
    assert.equal(events[1]!.estimate!.earliest, '2026-11-27', 'the pick-up still had the first estimate');
  });

  it('with an address problem: an exception on the first attempt, then out for delivery and delivered the next business day', () => {
    const events = plan({ addressIssue: true });
    assert.deepEqual(codes(events).slice(-4), ['out_for_delivery', 'exception', 'out_for_delivery', 'delivered']);
    const exception = events.at(-3)!;
    assert.equal(localDateOf(exception.occurredAt, TZ), '2026-11-27');
    assert.match(exception.detail, /address/i);
    assert.deepEqual(exception.estimate, { earliest: '2026-11-30', latest: '2026-11-30' });
    assert.equal(localDateOf(events.at(-1)!.occurredAt, TZ), '2026-11-30');
  });

  it('reads transit days from the service name', () => {
    assert.deepEqual(['Next Day Air', 'Priority Overnight', 'Express', '2nd Day Air', 'Priority Mail', 'Ground', 'Parcel Select'].map(transitDays), [1, 1, 1, 2, 2, 3, 3]);
  });

  it('finds the instant of a wall-clock time, either side of a daylight-saving change', () => {
    assert.equal(instantAt('2026-11-23', '08:15', TZ).toISOString(), '2026-11-23T13:15:00.000Z');
    assert.equal(instantAt('2026-07-01', '08:15', TZ).toISOString(), '2026-07-01T12:15:00.000Z');
    assert.equal(instantAt('2026-11-01', '10:00', TZ).toISOString(), '2026-11-01T15:00:00.000Z', 'the day clocks go back');
    assert.equal(instantAt('2026-03-08', '10:00', TZ).toISOString(), '2026-03-08T14:00:00.000Z', 'the day clocks go forward');
  });
});

describe('when the store hears of each event', () => {
  it('as it happens, late by the configured minutes, or with one pair swapped', () => {
    const events = plan();
    const onTime = deliverySchedule(events, NO_CARRIER_FAULTS, seededRandom('x'));
    assert.deepEqual(onTime.map((e) => e.dueAt), events.map((e) => e.occurredAt));
    const late = deliverySchedule(events, { ...NO_CARRIER_FAULTS, lateRate: 1, lateMinutes: 90 }, seededRandom('x'));
    assert.ok(late.every((e, i) => e.dueAt.getTime() === events[i]!.occurredAt.getTime() + 90 * 60_000));
    const swapped = deliverySchedule(events, { ...NO_CARRIER_FAULTS, outOfOrderRate: 1 }, seededRandom('x'));
    const order = [...swapped.keys()].sort((a, b) => swapped[a]!.dueAt.getTime() - swapped[b]!.dueAt.getTime());
    const moved = order.findIndex((index, position) => index !== position);
    assert.ok(moved > 0, 'not the label');
    assert.equal(order[moved], order[moved + 1]! + 1, 'an event goes out before the one just before it');
    assert.deepEqual(order.slice(moved + 2), [...order.keys()].slice(moved + 2), 'the rest in their order');
  });
});
