import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addBusinessDays,
  addDays,
  businessCalendar,
  businessDayOnOrAfter,
  dispatchDate,
  formatDay,
  formatDayRange,
  instantAt,
  isBusinessDay,
  isLocalDate,
  isTimeOfDay,
  localDateOf,
  localTimeOf,
  nextBusinessDay,
  weekdayOf,
} from './calendar.ts';

// Thanksgiving 2026 is Thursday 26 November; Christmas is a Friday.
const newYork = businessCalendar({ timeZone: 'America/New_York', holidays: ['2026-11-26', '2026-12-25', '2027-01-01'] });
const at = (iso: string) => new Date(iso);

describe('local dates', () => {
  it('add calendar days across month, year, leap day and daylight-saving changes', () => {
    assert.equal(addDays('2026-11-30', 1), '2026-12-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-03-07', 1), '2026-03-08', 'spring forward in New York');
    assert.equal(addDays('2026-03-08', 1), '2026-03-09');
    assert.equal(addDays('2026-10-31', 2), '2026-11-02', 'fall back in New York');
    assert.equal(addDays('2027-01-01', -1), '2026-12-31');
  });

  it('know their weekday (ISO: Monday 1 … Sunday 7)', () => {
    assert.equal(weekdayOf('2026-11-23'), 1);
    assert.equal(weekdayOf('2026-11-26'), 4);
    assert.equal(weekdayOf('2026-11-29'), 7);
  });

  it('reject what is not a real day', () => {
    assert.equal(isLocalDate('2026-02-28'), true);
    assert.equal(isLocalDate('2026-02-30'), false);
    assert.equal(isLocalDate('2026-2-3'), false);
    assert.equal(isLocalDate('tomorrow'), false);
    assert.throws(() => addDays('2026-13-01', 1), RangeError);
    assert.throws(() => addDays('2026-01-01', 1.5), RangeError);
  });
});

describe('instants in the store time zone', () => {
  it('give the local day and time on both sides of the spring-forward gap', () => {
    assert.equal(localTimeOf(at('2026-03-08T06:59:00Z'), 'America/New_York'), '01:59');
    assert.equal(localTimeOf(at('2026-03-08T07:00:00Z'), 'America/New_York'), '03:00');
  });

  it('give the local day and time on both sides of the fall-back overlap', () => {
    assert.equal(localTimeOf(at('2026-11-01T05:30:00Z'), 'America/New_York'), '01:30', 'first 01:30 (EDT)');
    assert.equal(localTimeOf(at('2026-11-01T06:30:00Z'), 'America/New_York'), '01:30', 'second 01:30 (EST)');
    // 04:30 UTC on 3 November is still 2 November in New York once clocks have gone back.
    assert.equal(localDateOf(at('2026-11-03T04:30:00Z'), 'America/New_York'), '2026-11-02');
    assert.equal(localDateOf(at('2026-07-07T04:30:00Z'), 'America/New_York'), '2026-07-07');
  });

  it('are found from a wall-clock time, a skipped time an hour later and a doubled one the first time', () => {
    assert.equal(instantAt('2026-03-08', '02:30', 'America/New_York').toISOString(), '2026-03-08T07:30:00.000Z', 'skipped: 03:30 EDT');
    assert.equal(instantAt('2026-11-01', '01:30', 'America/New_York').toISOString(), '2026-11-01T05:30:00.000Z', 'doubled: the EDT one');
    assert.equal(instantAt('2026-11-27', '09:00', 'Pacific/Auckland').toISOString(), '2026-11-26T20:00:00.000Z');
  });

  it('cross the date line', () => {
    assert.equal(localDateOf(at('2026-11-26T20:00:00Z'), 'Pacific/Auckland'), '2026-11-27');
    assert.equal(localTimeOf(at('2026-11-26T20:00:00Z'), 'Pacific/Auckland'), '09:00');
  });

  it('check times of day', () => {
    assert.equal(isTimeOfDay('14:00'), true);
    assert.equal(isTimeOfDay('23:59'), true);
    assert.equal(isTimeOfDay('24:00'), false);
    assert.equal(isTimeOfDay('9:00'), false);
  });
});

describe('calendar settings', () => {
  it('default to Monday to Friday and sort what they are given', () => {
    const calendar = businessCalendar({ timeZone: 'Europe/London', businessDays: [6, 1, 2, 2], holidays: ['2026-12-28', '2026-12-25'] });
    assert.deepEqual(calendar.businessDays, [1, 2, 6]);
    assert.deepEqual(calendar.holidays, ['2026-12-25', '2026-12-28']);
    assert.deepEqual(businessCalendar({ timeZone: 'UTC' }).businessDays, [1, 2, 3, 4, 5]);
  });

  it('refuse settings that cannot work', () => {
    assert.throws(() => businessCalendar({ timeZone: 'Mars/Olympus_Mons' }), RangeError);
    assert.throws(() => businessCalendar({ timeZone: 'UTC', businessDays: [] }), /at least one business day/);
    assert.throws(() => businessCalendar({ timeZone: 'UTC', businessDays: [0] }), /ISO weekday/);
    assert.throws(() => businessCalendar({ timeZone: 'UTC', holidays: ['2026-02-30'] }), /no such day/);
  });
});

describe('business days', () => {
  it('skip weekends and holidays', () => {
    assert.equal(isBusinessDay(newYork, '2026-11-25'), true);
    assert.equal(isBusinessDay(newYork, '2026-11-26'), false, 'Thanksgiving');
    assert.equal(isBusinessDay(newYork, '2026-11-28'), false, 'Saturday');
    assert.equal(nextBusinessDay(newYork, '2026-11-25'), '2026-11-27');
    assert.equal(nextBusinessDay(newYork, '2026-11-27'), '2026-11-30');
    assert.equal(businessDayOnOrAfter(newYork, '2026-11-27'), '2026-11-27');
    assert.equal(businessDayOnOrAfter(newYork, '2026-11-28'), '2026-11-30');
  });

  it('add up across weekends, holidays, months and New Year', () => {
    assert.equal(addBusinessDays(newYork, '2026-11-20', 1), '2026-11-23', 'Friday + 1 = Monday');
    assert.equal(addBusinessDays(newYork, '2026-11-25', 1), '2026-11-27', 'over Thanksgiving');
    assert.equal(addBusinessDays(newYork, '2026-11-25', 3), '2026-12-01', 'into December');
    assert.equal(addBusinessDays(newYork, '2026-12-24', 2), '2026-12-29', 'over Christmas and a weekend');
    assert.equal(addBusinessDays(newYork, '2026-12-31', 1), '2027-01-04', 'over New Year and a weekend');
    assert.equal(addBusinessDays(newYork, '2026-11-28', 0), '2026-11-28', 'zero days stays put');
    assert.equal(addBusinessDays(newYork, '2026-11-28', 1), '2026-11-30', 'Saturday + 1 = Monday');
    assert.throws(() => addBusinessDays(newYork, '2026-11-20', -1), RangeError);
  });

  it('follow a store that also works on Saturdays', () => {
    const sixDays = businessCalendar({ timeZone: 'Europe/Berlin', businessDays: [1, 2, 3, 4, 5, 6] });
    assert.equal(addBusinessDays(sixDays, '2026-11-27', 1), '2026-11-28');
    assert.equal(addBusinessDays(sixDays, '2026-11-28', 1), '2026-11-30');
  });

  it('give up rather than loop when every day is closed', () => {
    const closed = businessCalendar({ timeZone: 'UTC', businessDays: [1], holidays: Array.from({ length: 600 }, (_, i) => addDays('2026-11-23', i * 7)) });
    assert.throws(() => nextBusinessDay(closed, '2026-11-23'), /no business day within/);
  });
});

describe('dispatch date with a cut-off', () => {
  const oneDay = { processingDays: 1, cutoffTime: '14:00' };

  it('starts processing the same business day before the cut-off, the next one after it', () => {
    // Monday 23 November 2026, New York is UTC-5.
    assert.equal(dispatchDate(newYork, at('2026-11-23T18:59:00Z'), oneDay), '2026-11-24', '13:59: starts Monday');
    assert.equal(dispatchDate(newYork, at('2026-11-23T19:00:00Z'), oneDay), '2026-11-25', '14:00 is past the cut-off');
    assert.equal(dispatchDate(newYork, at('2026-11-23T14:00:00Z'), { processingDays: 0, cutoffTime: '14:00' }), '2026-11-23', 'same-day dispatch');
  });

  it('waits for Monday after a Friday cut-off or a weekend order', () => {
    assert.equal(dispatchDate(newYork, at('2026-11-20T20:00:00Z'), oneDay), '2026-11-24', 'Friday 15:00 → starts Monday → ships Tuesday');
    assert.equal(dispatchDate(newYork, at('2026-11-21T15:00:00Z'), oneDay), '2026-11-24', 'Saturday morning');
    assert.equal(dispatchDate(newYork, at('2026-11-22T15:00:00Z'), { processingDays: 0, cutoffTime: '14:00' }), '2026-11-23', 'Sunday, same-day dispatch → Monday');
  });

  it('skips holidays on both ends', () => {
    assert.equal(dispatchDate(newYork, at('2026-11-25T15:00:00Z'), oneDay), '2026-11-27', 'Wednesday morning, Thanksgiving in between');
    assert.equal(dispatchDate(newYork, at('2026-11-26T15:00:00Z'), oneDay), '2026-11-30', 'ordered on Thanksgiving');
    assert.equal(dispatchDate(newYork, at('2026-12-31T20:00:00Z'), oneDay), '2027-01-05', 'New Year’s Eve afternoon');
  });

  it('reads the cut-off in local time whatever the daylight-saving offset', () => {
    // Summer: New York is UTC-4, so 18:30 UTC is 14:30, past the cut-off.
    assert.equal(dispatchDate(newYork, at('2026-07-06T18:30:00Z'), oneDay), '2026-07-08');
    // Monday after the clocks went back: UTC-5, so 18:30 UTC is 13:30, before it.
    assert.equal(dispatchDate(newYork, at('2026-11-02T18:30:00Z'), oneDay), '2026-11-03');
    // Monday after the clocks went forward: UTC-4, so 18:30 UTC is 14:30, past it.
    assert.equal(dispatchDate(newYork, at('2026-03-09T18:30:00Z'), oneDay), '2026-03-11');
    // 23:30 on Monday in New York is already Tuesday in UTC: still Monday's order.
    assert.equal(dispatchDate(newYork, at('2026-11-03T04:30:00Z'), oneDay), '2026-11-04');
  });

  it('uses the store’s own day, not the server’s', () => {
    const auckland = businessCalendar({ timeZone: 'Pacific/Auckland' });
    // Thursday 20:00 UTC is Friday 09:00 in Auckland.
    assert.equal(dispatchDate(auckland, at('2026-11-26T20:00:00Z'), oneDay), '2026-11-30');
  });

  it('refuses a malformed cut-off', () => {
    assert.throws(() => dispatchDate(newYork, at('2026-11-23T12:00:00Z'), { processingDays: 1, cutoffTime: '2pm' }), /HH:MM/);
  });
});

describe('dates for shoppers', () => {
  // ICU sets the dash between thin spaces.
  const span = (text: string) => text.replace(' – ', '\u2009–\u2009');

  it('read as the locale writes them', () => {
    assert.equal(formatDay('2026-11-26', 'en-GB'), 'Thu 26 Nov');
    assert.equal(formatDay('2026-11-26', 'en-US'), 'Thu, Nov 26');
    assert.equal(formatDay('2027-02-01', 'en-GB', { withYear: true }), 'Mon, 1 Feb 2027');
  });

  it('write a span once where the locale allows', () => {
    assert.equal(formatDayRange('2026-11-26', '2026-11-27', 'en-GB'), span('Thu 26 – Fri 27 Nov'));
    assert.equal(formatDayRange('2026-11-30', '2026-12-02', 'en-GB'), span('Mon 30 Nov – Wed 2 Dec'));
    assert.equal(formatDayRange('2026-11-26', '2026-11-27', 'en-US'), span('Thu, Nov 26 – Fri, Nov 27'));
    assert.equal(formatDayRange('2026-11-26', '2026-11-27', 'de-DE'), span('Do., 26. – Fr., 27. Nov.'));
    assert.equal(formatDayRange('2026-11-26', '2026-11-26', 'en-GB'), 'Thu 26 Nov');
    // Spans are remembered: asked again, or in other words, each gets its own.
    assert.equal(formatDayRange('2026-11-26', '2026-11-27', 'en-GB'), span('Thu 26 – Fri 27 Nov'));
    assert.equal(formatDayRange('2026-11-26', '2026-11-27', 'en-GB', { long: true }), span('Thursday 26 – Friday 27 November'));
  });

  it('name the years of a span across New Year', () => {
    assert.equal(formatDayRange('2026-12-30', '2027-01-02', 'en-GB'), span('Wed, 30 Dec 2026 – Sat, 2 Jan 2027'));
  });
});
