// The delivery estimate as the customer reads it: a day or a span in the store's locale,
// "today", "by" once the span has begun, late once it has passed; an order arrives with its
// slowest part; refiners from other modules replace the promise and one that fails is skipped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { combineEstimates, deliveryEstimate, estimateWords, registerDeliveryEstimate } from './estimate.ts';
import { newOrderLine, recordTestOrder } from './test-support.ts';

// Monday 23 November 2026, 22:00 in New York: already Tuesday in UTC.
const now = new Date('2026-11-24T03:00:00Z');
const gb = { locale: 'en-GB', timeZone: 'America/New_York' };
const us = { locale: 'en-US', timeZone: 'America/New_York' };
// ICU puts thin spaces around the dash of a span.
const words = (earliest: string | null, latest: string | null, format = gb) => estimateWords({ earliest, latest }, format, now)?.text.replace(/\s/g, ' ');

describe('the estimate in words', () => {
  it('names the day or the span the locale’s way', () => {
    assert.equal(words('2026-11-26', '2026-11-26'), 'Arrives Thursday 26 November');
    assert.equal(words('2026-11-26', '2026-11-27'), 'Arrives Thursday 26 – Friday 27 November');
    assert.equal(words('2026-11-30', '2026-12-02'), 'Arrives Monday 30 November – Wednesday 2 December');
    assert.equal(words('2026-11-26', '2026-11-27', us), 'Arrives Thursday, November 26 – Friday, November 27');
    assert.equal(words('2026-11-26', null), 'Arrives Thursday 26 November');
    assert.equal(words(null, '2026-11-27'), 'Arrives by Friday 27 November');
  });

  it('counts days in the store’s time zone: today, by, late', () => {
    assert.equal(words('2026-11-22', '2026-11-23'), 'Arrives today', 'still Monday in New York');
    assert.equal(words('2026-11-21', '2026-11-25'), 'Arrives by Wednesday 25 November');
    const late = estimateWords({ earliest: '2026-11-20', latest: '2026-11-22' }, gb, now);
    assert.deepEqual(late, { text: 'It was due by Sunday 22 November and is running late.', late: true });
    assert.equal(estimateWords(null, gb, now), null);
  });

  it('makes an order arrive with its slowest part', () => {
    assert.deepEqual(
      combineEstimates([
        { earliest: '2026-11-26', latest: '2026-11-27' },
        null,
        { earliest: '2026-11-30', latest: null },
      ]),
      { earliest: '2026-11-30', latest: '2026-11-30' },
    );
    assert.equal(combineEstimates([null, { earliest: null, latest: null }]), null);
  });
});

describe('refining the promise', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore({ clock: fixedClock('2026-11-23T15:00:00Z') });
  });
  after(() => store.close());

  it('starts from the lines’ promises and lets registered modules refine it, skipping one that fails', async () => {
    const order = await recordTestOrder(store, {
      lines: [newOrderLine(), newOrderLine({ promise: { state: 'backorder', label: 'Later', earliest: '2026-12-07', latest: '2026-12-09' } })],
      subtotal: 10000,
      taxTotal: 800,
      total: 11399,
    });
    assert.deepEqual(await deliveryEstimate(store.platform, order), { earliest: '2026-12-07', latest: '2026-12-09' }, 'the slowest line');
    registerDeliveryEstimate(store.platform, async () => {
      throw new Error('the carrier is down');
    });
    registerDeliveryEstimate(store.platform, async (shown, current) => (shown.id === order.id ? { earliest: current!.earliest, latest: '2026-12-10' } : current));
    assert.deepEqual(await deliveryEstimate(store.platform, order), { earliest: '2026-12-07', latest: '2026-12-10' });
  });
});
