// Support time on fixed clocks: evenings, weekends and holidays do not count, a start outside
// hours counts from the next opening, and the days New York's clocks change (8 March and
// 1 November 2026) are as long as they really are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessCalendar } from '../../../platform/calendar.ts';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  DEFAULT_SUPPORT_HOURS,
  supportHours,
} from './business-time.ts';

// Thanksgiving 2026 is Thursday 26 November.
const newYork = businessCalendar({ timeZone: 'America/New_York', holidays: ['2026-11-26'] });
const hours = DEFAULT_SUPPORT_HOURS;
const add = (start: string, minutes: number) =>
  addBusinessMinutes(newYork, hours, new Date(start), minutes).toISOString();
const HOUR = 60;

describe('adding support time', () => {
  it('carries Friday 17:30 + 1 hour over the weekend to Monday 09:30', () => {
    // Friday 4 December 2026, 17:30 EST = 22:30 UTC.
    assert.equal(add('2026-12-04T22:30:00Z', HOUR), '2026-12-07T14:30:00.000Z');
  });

  it('stays within the day when the time fits, up to the closing minute', () => {
    assert.equal(
      add('2026-12-07T15:00:00Z', 2 * HOUR),
      '2026-12-07T17:00:00.000Z',
      'Monday 10:00 + 2 h = 12:00',
    );
    assert.equal(
      add('2026-12-07T22:00:00Z', HOUR),
      '2026-12-07T23:00:00.000Z',
      'Monday 17:00 + 1 h = 18:00, closing time',
    );
    assert.equal(
      add('2026-12-07T22:00:00Z', HOUR + 1),
      '2026-12-08T14:01:00.000Z',
      'one minute more is the next morning',
    );
  });

  it('counts from the next opening when started in the evening, at night, before opening or on a weekend', () => {
    assert.equal(
      add('2026-12-08T01:00:00Z', 30),
      '2026-12-08T14:30:00.000Z',
      'Monday 20:00 → Tuesday 09:30',
    );
    assert.equal(
      add('2026-12-08T12:00:00Z', 30),
      '2026-12-08T14:30:00.000Z',
      'Tuesday 07:00 → 09:30',
    );
    assert.equal(
      add('2026-12-05T16:00:00Z', 30),
      '2026-12-07T14:30:00.000Z',
      'Saturday → Monday 09:30',
    );
    assert.equal(
      add('2026-12-05T16:00:00Z', 0),
      '2026-12-07T14:00:00.000Z',
      'nothing to add on a Saturday is Monday at opening',
    );
  });

  it('spans several days: 10 support hours from Monday 10:00 is Tuesday 11:00', () => {
    assert.equal(add('2026-12-07T15:00:00Z', 10 * HOUR), '2026-12-08T16:00:00.000Z');
    assert.equal(
      add('2026-12-07T15:00:00Z', 27 * HOUR),
      '2026-12-10T15:00:00.000Z',
      'three support days',
    );
  });

  it('skips a holiday like a weekend', () => {
    // Wednesday 25 November 17:00 + 2 h: Thanksgiving is closed, so Friday 10:00.
    assert.equal(add('2026-11-25T22:00:00Z', 2 * HOUR), '2026-11-27T15:00:00.000Z');
    assert.equal(
      add('2026-11-26T15:00:00Z', 30),
      '2026-11-27T14:30:00.000Z',
      'opened on the holiday itself',
    );
  });

  it('keeps the wall-clock hours across the spring-forward change in March', () => {
    // Friday 6 March 2026 17:30 EST (22:30 UTC) + 1 h → Monday 9 March 09:30 EDT (13:30 UTC).
    assert.equal(add('2026-03-06T22:30:00Z', HOUR), '2026-03-09T13:30:00.000Z');
    // Friday 9:00 EST + 18 h = two whole days: Monday 18:00 EDT.
    assert.equal(add('2026-03-06T14:00:00Z', 18 * HOUR), '2026-03-09T22:00:00.000Z');
  });

  it('keeps the wall-clock hours across the fall-back change in November', () => {
    // Friday 30 October 2026 17:30 EDT (21:30 UTC) + 1 h → Monday 2 November 09:30 EST (14:30 UTC).
    assert.equal(add('2026-10-30T21:30:00Z', HOUR), '2026-11-02T14:30:00.000Z');
  });

  it('counts the real hours of a desk open through the night the clocks change', () => {
    const allWeek = businessCalendar({
      timeZone: 'America/New_York',
      businessDays: [1, 2, 3, 4, 5, 6, 7],
    });
    const nightShift = supportHours('00:00', '06:00');
    // Sunday 8 March: 00:00–06:00 on the wall clock is only 5 real hours (02:00 is skipped).
    assert.equal(
      businessMinutesBetween(
        allWeek,
        nightShift,
        new Date('2026-03-08T00:00:00Z'),
        new Date('2026-03-09T00:00:00Z'),
      ),
      5 * HOUR,
    );
    assert.equal(
      addBusinessMinutes(
        allWeek,
        nightShift,
        new Date('2026-03-08T05:00:00Z'),
        5 * HOUR,
      ).toISOString(),
      '2026-03-08T10:00:00.000Z',
      '00:00 EST + 5 h = 06:00 EDT',
    );
    // Sunday 1 November: the same hours hold 7 real hours (01:00–02:00 happens twice).
    assert.equal(
      businessMinutesBetween(
        allWeek,
        nightShift,
        new Date('2026-11-01T00:00:00Z'),
        new Date('2026-11-02T00:00:00Z'),
      ),
      7 * HOUR,
    );
  });
});

describe('support time between two instants', () => {
  it('counts only open hours on business days', () => {
    // Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
    assert.equal(
      businessMinutesBetween(
        newYork,
        hours,
        new Date('2026-12-04T22:00:00Z'),
        new Date('2026-12-07T15:00:00Z'),
      ),
      2 * HOUR,
    );
    assert.equal(
      businessMinutesBetween(
        newYork,
        hours,
        new Date('2026-11-25T22:00:00Z'),
        new Date('2026-11-27T15:00:00Z'),
      ),
      2 * HOUR,
      'the holiday counts nothing',
    );
    assert.equal(
      businessMinutesBetween(
        newYork,
        hours,
        new Date('2026-12-07T15:00:00Z'),
        new Date('2026-12-07T15:00:00Z'),
      ),
      0,
    );
    assert.equal(
      businessMinutesBetween(
        newYork,
        hours,
        new Date('2026-12-07T16:00:00Z'),
        new Date('2026-12-07T15:00:00Z'),
      ),
      0,
      'backwards is nothing',
    );
  });

  it('undoes adding: adding the time between two instants to the first gives the second', () => {
    const from = new Date('2026-12-04T20:15:00Z');
    const to = new Date('2026-12-09T18:40:00Z');
    assert.equal(
      addBusinessMinutes(
        newYork,
        hours,
        from,
        businessMinutesBetween(newYork, hours, from, to),
      ).toISOString(),
      to.toISOString(),
    );
  });
});

describe('support hours', () => {
  it('must be two times of day, closing after opening', () => {
    assert.deepEqual(supportHours('08:30', '17:00'), { opens: '08:30', closes: '17:00' });
    assert.throws(() => supportHours('9:00', '17:00'), RangeError);
    assert.throws(() => supportHours('18:00', '09:00'), RangeError);
    assert.throws(() => supportHours('09:00', '09:00'), RangeError);
    assert.throws(() => addBusinessMinutes(newYork, hours, new Date(), -1), RangeError);
  });
});
