import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessCalendar } from '../../platform/calendar.ts';
import { describe as availabilityOf, type Availability } from './availability.ts';
import { deliveryPromise, type DeliveryPromiseInput } from './promise.ts';
import type { StockPolicy } from './schema.ts';

// New York; Thanksgiving is Thursday 26 November 2026, Christmas a Friday, New Year a Friday.
const calendar = businessCalendar({ timeZone: 'America/New_York', holidays: ['2026-11-26', '2026-12-25', '2027-01-01'] });
const location = { processingDays: 1, cutoffTime: '14:00' };
const express = { transitDaysMin: 1, transitDaysMax: 2 };
const standard = { transitDaysMin: 3, transitDaysMax: 5 };

// 10:00 and 15:00 in New York on Monday 23 November 2026 (UTC-5).
const MONDAY_MORNING = new Date('2026-11-23T15:00:00Z');
const MONDAY_AFTERNOON = new Date('2026-11-23T20:00:00Z');

function stock(available: number, policy: StockPolicy = 'deny', extra: Partial<Pick<Availability, 'leadTimeDays' | 'releaseDate'>> & { maxBackorder?: number | null } = {}): Availability {
  return availabilityOf(available, policy, true, { leadTimeDays: extra.leadTimeDays ?? null, releaseDate: extra.releaseDate ?? null, maxBackorder: extra.maxBackorder ?? null, lowStockAt: 3 });
}

function promise(overrides: Partial<DeliveryPromiseInput> & Pick<DeliveryPromiseInput, 'availability'>) {
  const result = deliveryPromise({ quantity: 1, location, method: express, calendar, locale: 'en-GB', now: MONDAY_MORNING, ...overrides });
  // ICU sets the dash of a span between thin spaces; plain spaces keep the tests readable.
  return { ...result, label: result.label.replaceAll('\u2009', ' ') };
}

describe('delivery promise from stock', () => {
  const inStock = stock(50);

  it('ships the next business day when ordered before the cut-off', () => {
    const answer = promise({ availability: inStock });
    assert.equal(answer.state, 'in_stock');
    assert.equal(answer.orderable, true);
    assert.equal(answer.shipsOn, '2026-11-24');
    assert.equal(answer.estimated, false);
    assert.deepEqual(answer.arrives, { from: '2026-11-25', to: '2026-11-27' }, 'carriers do not deliver on Thanksgiving');
    assert.equal(answer.label, 'In stock — arrives Wed 25 – Fri 27 Nov');
  });

  it('starts a business day later after the cut-off', () => {
    const answer = promise({ availability: inStock, now: MONDAY_AFTERNOON });
    assert.equal(answer.shipsOn, '2026-11-25');
    assert.equal(answer.label, 'In stock — arrives Fri 27 – Mon 30 Nov');
  });

  it('waits out the weekend', () => {
    assert.equal(promise({ availability: inStock, now: new Date('2026-11-20T20:00:00Z') }).shipsOn, '2026-11-24', 'Friday after the cut-off');
    const saturday = promise({ availability: inStock, now: new Date('2026-11-28T15:00:00Z') });
    assert.equal(saturday.shipsOn, '2026-12-01');
    assert.equal(saturday.label, 'In stock — arrives Wed 2 – Thu 3 Dec');
  });

  it('skips a holiday and crosses into the next month', () => {
    const answer = promise({ availability: inStock, method: { transitDaysMin: 1, transitDaysMax: 3 }, now: new Date('2026-11-25T15:00:00Z') });
    assert.equal(answer.shipsOn, '2026-11-27', 'processing skips Thanksgiving');
    assert.equal(answer.label, 'In stock — arrives Mon 30 Nov – Wed 2 Dec');
    const onTheHoliday = promise({ availability: inStock, now: new Date('2026-11-26T15:00:00Z') });
    assert.equal(onTheHoliday.shipsOn, '2026-11-30', 'an order on the holiday starts on Friday');
  });

  it('crosses New Year', () => {
    const answer = promise({ availability: inStock, now: new Date('2026-12-30T15:00:00Z') });
    assert.equal(answer.shipsOn, '2026-12-31');
    assert.deepEqual(answer.arrives, { from: '2027-01-04', to: '2027-01-05' });
    assert.equal(answer.label, 'In stock — arrives Mon 4 – Tue 5 Jan');
    const spanning = promise({ availability: inStock, method: { transitDaysMin: 1, transitDaysMax: 3 }, now: new Date('2026-12-28T15:00:00Z') });
    assert.equal(spanning.label, 'In stock — arrives Wed, 30 Dec 2026 – Mon, 4 Jan 2027');
  });

  it('reads the cut-off on the local clock across daylight-saving changes', () => {
    // The Monday after clocks went back: 18:30 UTC is 13:30 in New York, before the cut-off.
    assert.equal(promise({ availability: inStock, now: new Date('2026-11-02T18:30:00Z') }).shipsOn, '2026-11-03');
    // In summer 18:30 UTC is 14:30, after it.
    assert.equal(promise({ availability: inStock, now: new Date('2026-07-06T18:30:00Z') }).shipsOn, '2026-07-08');
    // 23:30 on Monday in New York, already Tuesday in UTC.
    assert.equal(promise({ availability: inStock, now: new Date('2026-11-03T04:30:00Z') }).shipsOn, '2026-11-04');
  });

  it('promises the ship day alone before a shipping method is chosen', () => {
    const answer = promise({ availability: inStock, method: null });
    assert.equal(answer.arrives, null);
    assert.equal(answer.label, 'In stock — ships Tue 24 Nov');
  });

  it('says when stock is low, and refuses more than there is', () => {
    assert.equal(promise({ availability: stock(2) }).label, 'Only 2 left — arrives Wed 25 – Fri 27 Nov');
    const tooMany = promise({ availability: stock(2), quantity: 3 });
    assert.equal(tooMany.orderable, false);
    assert.equal(tooMany.shipsOn, null);
    assert.equal(tooMany.label, 'Only 2 available');
  });

  it('says sold out', () => {
    const answer = promise({ availability: stock(0) });
    assert.deepEqual(answer, { state: 'out_of_stock', orderable: false, shipsOn: null, estimated: false, arrives: null, label: 'Sold out' });
  });

  it('treats untracked stock as always in stock', () => {
    const untracked = availabilityOf(0, 'deny', false, { leadTimeDays: null, releaseDate: null, maxBackorder: null, lowStockAt: 3 });
    assert.equal(promise({ availability: untracked, quantity: 500 }).label, 'In stock — arrives Wed 25 – Fri 27 Nov');
  });

  it('writes the store locale', () => {
    assert.equal(promise({ availability: inStock, locale: 'en-US' }).label, 'In stock — arrives Wed, Nov 25 – Fri, Nov 27');
  });

  it('refuses a quantity that is not a whole number of at least one', () => {
    assert.throws(() => promise({ availability: inStock, quantity: 0 }), RangeError);
    assert.throws(() => promise({ availability: inStock, quantity: 1.5 }), RangeError);
  });
});

describe('delivery promise for backorders', () => {
  it('ships from the inbound supply that covers the order', () => {
    const answer = promise({ availability: stock(0, 'backorder', { leadTimeDays: 20 }), method: { transitDaysMin: 1, transitDaysMax: 3 }, location: { processingDays: 2, cutoffTime: '14:00' }, inbound: [{ expectedOn: '2027-01-12', quantity: 20 }] });
    assert.equal(answer.state, 'backorder');
    assert.equal(answer.shipsOn, '2027-01-14');
    assert.equal(answer.estimated, true);
    assert.deepEqual(answer.arrives, { from: '2027-01-15', to: '2027-01-19' });
    assert.equal(answer.label, 'Backordered — ships around Thu 14 Jan, arrives Fri 15 – Tue 19 Jan');
  });

  it('backorders the quantity beyond stock, from the first delivery that covers the shortfall', () => {
    const fourInStock = stock(4, 'backorder', { leadTimeDays: 30 });
    assert.equal(promise({ availability: fourInStock, quantity: 4 }).state, 'in_stock');
    const answer = promise({
      availability: fourInStock,
      quantity: 10,
      // Given out of order: 3 on 1 December are not enough for the 6 short, 10 more on 8 December are.
      inbound: [
        { expectedOn: '2026-12-08', quantity: 10 },
        { expectedOn: '2026-12-01', quantity: 3 },
      ],
    });
    assert.equal(answer.state, 'backorder');
    assert.equal(answer.shipsOn, '2026-12-09');
    assert.equal(answer.label, 'Backordered — ships around Wed 9 Dec, arrives Thu 10 – Fri 11 Dec');
  });

  it('falls back to the lead time when not enough is coming', () => {
    const answer = promise({ availability: stock(0, 'backorder', { leadTimeDays: 10 }), quantity: 5, inbound: [{ expectedOn: '2026-12-01', quantity: 4 }] });
    // Processing starts Monday; 10 days to restock and 1 to process, skipping Thanksgiving.
    assert.equal(answer.shipsOn, '2026-12-09');
    assert.equal(answer.label, 'Backordered — ships around Wed 9 Dec, arrives Thu 10 – Fri 11 Dec');
  });

  it('ships as from stock when the supply is overdue', () => {
    const answer = promise({ availability: stock(0, 'backorder'), inbound: [{ expectedOn: '2026-11-20', quantity: 5 }] });
    assert.equal(answer.shipsOn, '2026-11-24');
    assert.equal(answer.estimated, true);
  });

  it('says the date is to be confirmed when there is neither supply nor a lead time', () => {
    const answer = promise({ availability: stock(0, 'backorder') });
    assert.deepEqual(answer, { state: 'backorder', orderable: true, shipsOn: null, estimated: true, arrives: null, label: 'Backordered — ship date to be confirmed' });
  });

  it('keeps to the most the merchant accepts', () => {
    const limited = stock(0, 'backorder', { leadTimeDays: 5, maxBackorder: 5 });
    assert.equal(promise({ availability: limited, quantity: 5 }).orderable, true);
    assert.equal(promise({ availability: limited, quantity: 6 }).label, 'Only 5 available');
    assert.equal(promise({ availability: stock(0, 'backorder', { maxBackorder: 0 }) }).label, 'Sold out');
  });
});

describe('delivery promise for pre-orders and made to order', () => {
  it('ships a pre-order on its release day', () => {
    const answer = promise({ availability: stock(0, 'preorder', { releaseDate: '2027-02-01' }), method: standard });
    assert.equal(answer.state, 'preorder');
    assert.equal(answer.shipsOn, '2027-02-01');
    assert.equal(answer.estimated, false);
    assert.equal(answer.label, 'Pre-order — ships Mon 1 Feb, arrives Thu 4 – Mon 8 Feb');
  });

  it('ships a pre-order released on a weekend the next business day', () => {
    assert.equal(promise({ availability: stock(0, 'preorder', { releaseDate: '2027-01-30' }) }).shipsOn, '2027-02-01');
  });

  it('ships a pre-order ordered too late for its release day as an ordinary order', () => {
    // Released Tuesday; ordered Monday afternoon with two processing days.
    const answer = promise({ availability: stock(0, 'preorder', { releaseDate: '2026-11-24' }), now: MONDAY_AFTERNOON, location: { processingDays: 2, cutoffTime: '14:00' } });
    assert.equal(answer.shipsOn, '2026-11-27');
  });

  it('names the year of a release far ahead', () => {
    const answer = promise({ availability: stock(0, 'preorder', { releaseDate: '2027-08-02' }) });
    assert.equal(answer.label, 'Pre-order — ships Mon, 2 Aug 2027, arrives Tue, 3 – Wed, 4 Aug 2027');
  });

  it('sells a released pre-order from stock, then like a backorder', () => {
    const released = (available: number) => stock(available, 'preorder', { releaseDate: '2026-11-20', leadTimeDays: 5 });
    const fromStock = promise({ availability: released(10) });
    assert.equal(fromStock.state, 'in_stock');
    assert.equal(fromStock.label, 'In stock — arrives Wed 25 – Fri 27 Nov');
    const restock = promise({ availability: released(0) });
    assert.equal(restock.state, 'backorder');
    assert.equal(restock.shipsOn, '2026-12-02');
  });

  it('says a pre-order without a release date is yet to be announced', () => {
    const answer = promise({ availability: stock(0, 'preorder') });
    assert.equal(answer.shipsOn, null);
    assert.equal(answer.label, 'Pre-order — release date to be announced');
  });

  it('adds the making time to a made-to-order item', () => {
    const answer = promise({ availability: stock(0, 'made_to_order', { leadTimeDays: 5 }) });
    assert.equal(answer.state, 'made_to_order');
    // Starts Monday; 5 days to make and 1 to process, skipping Thanksgiving.
    assert.equal(answer.shipsOn, '2026-12-02');
    assert.equal(answer.label, 'Made to order — ships around Wed 2 Dec, arrives Thu 3 – Fri 4 Dec');
    assert.equal(promise({ availability: stock(0, 'made_to_order') }).label, 'Made to order — ship date to be confirmed');
  });
});
