// Tax arithmetic in exact minor units: per line, half to even, added or worked out of the price.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRate, taxFor } from './math.ts';

const rate = (rateBps: number, shippingTaxed = false) => ({ rateBps, shippingTaxed });

describe('taxFor', () => {
  it('adds tax to prices that exclude it, line by line', () => {
    // 7.25 %: 2500 → 181.25 → 181; 1999 → 144.9275 → 145; shipping untaxed.
    const result = taxFor({ lines: [{ key: 'a', amount: 2500 }, { key: 'b', amount: 1999 }], shipping: 599, rate: rate(725), inclusive: false });
    assert.deepEqual(result, { lines: [{ key: 'a', tax: 181 }, { key: 'b', tax: 145 }], shipping: 0, total: 326 });
  });

  it('rounds ties half to even', () => {
    // 10 %: 25 → 2.5 → 2, 35 → 3.5 → 4, 45 → 4.5 → 4, 15 → 1.5 → 2.
    const result = taxFor({ lines: [25, 35, 45, 15].map((amount, i) => ({ key: String(i), amount })), shipping: 0, rate: rate(1000), inclusive: false });
    assert.deepEqual(result.lines.map((l) => l.tax), [2, 4, 4, 2]);
    assert.equal(result.total, 12);
  });

  it('works the tax out of prices that include it, ties half to even', () => {
    // 20 % VAT included: tax = amount / 6. 1200 → 200; 1203 → 200.5 → 200; 1209 → 201.5 → 202; 1000 → 166.67 → 167.
    const result = taxFor({ lines: [1200, 1203, 1209, 1000].map((amount, i) => ({ key: String(i), amount })), shipping: 0, rate: rate(2000), inclusive: true });
    assert.deepEqual(result.lines.map((l) => l.tax), [200, 200, 202, 167]);
  });

  it('taxes shipping only where the rate says so, the same way as the lines', () => {
    const lines = [{ key: 'a', amount: 4000 }];
    assert.deepEqual(taxFor({ lines, shipping: 599, rate: rate(400, true), inclusive: false }), { lines: [{ key: 'a', tax: 160 }], shipping: 24, total: 184 });
    // 599 × 0.04 = 23.96 → 24; included in 599 at 20 %: 99.83 → 100.
    assert.equal(taxFor({ lines, shipping: 599, rate: rate(2000, true), inclusive: true }).shipping, 100);
    assert.equal(taxFor({ lines, shipping: 599, rate: rate(2000, false), inclusive: true }).shipping, 0);
  });

  it('charges nothing without a rate, and sums the lines as shown rather than rounding the total', () => {
    assert.deepEqual(taxFor({ lines: [{ key: 'a', amount: 999 }], shipping: 500, rate: null, inclusive: false }), { lines: [{ key: 'a', tax: 0 }], shipping: 0, total: 0 });
    // Three lines of 5 at 10 %: each 0.5 → 0, so 0 in all, where 15 × 10 % would round to 2.
    const three = taxFor({ lines: ['a', 'b', 'c'].map((key) => ({ key, amount: 5 })), shipping: 0, rate: rate(1000), inclusive: false });
    assert.equal(three.total, 0);
  });

  it('refuses fractional or negative amounts and impossible rates', () => {
    assert.throws(() => taxFor({ lines: [{ key: 'a', amount: 10.5 }], shipping: 0, rate: rate(1000), inclusive: false }), RangeError);
    assert.throws(() => taxFor({ lines: [], shipping: -1, rate: rate(1000), inclusive: false }), RangeError);
    assert.throws(() => taxFor({ lines: [], shipping: 0, rate: rate(10_001), inclusive: false }), RangeError);
    assert.throws(() => taxFor({ lines: [], shipping: 0, rate: rate(7.5), inclusive: false }), RangeError);
  });
});

describe('formatRate', () => {
  it('writes basis points as a percentage', () => {
    assert.deepEqual([725, 2000, 1250, 5, 0].map(formatRate), ['7.25 %', '20 %', '12.5 %', '0.05 %', '0 %']);
  });
});
