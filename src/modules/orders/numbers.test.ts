// Order numbers: their shape, their spread, and reading them back however they are typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { READABLE_ALPHABET } from '../../platform/ids.ts';
import { newOrderNumber, normalizeOrderNumber } from './numbers.ts';

describe('order numbers', () => {
  it('look like DS-XXXX-XXXX in letters that cannot be confused, and do not repeat', () => {
    const seen = new Set<string>();
    const format = new RegExp(`^DS-[${READABLE_ALPHABET}]{4}-[${READABLE_ALPHABET}]{4}$`);
    for (let i = 0; i < 2000; i++) {
      const number = newOrderNumber();
      assert.match(number, format);
      assert.doesNotMatch(number.slice(3), /[01528OILSZB]/);
      seen.add(number);
    }
    assert.equal(seen.size, 2000);
  });

  it('are read back whatever the case, spaces, dashes or prefix', () => {
    for (const typed of ['DS-7K4Q-9P3M', 'ds-7k4q-9p3m', ' ds 7k4q 9p3m ', 'DS7K4Q9P3M', '7K4Q-9P3M', '7k4q9p3m', 'DS–7K4Q–9P3M']) {
      assert.equal(normalizeOrderNumber(typed), 'DS-7K4Q-9P3M', typed);
    }
  });

  it('refuse what cannot be an order number', () => {
    for (const typed of ['', 'DS-7K4Q-9P2', 'DS-7K4Q-9P3MM', 'DS-0K4Q-9P3M', 'DS-7K4Q-9P2M', 'XX-7K4Q-9P3M', "DS-7K4Q-9P3M' or 1=1", 'D'.repeat(100)]) {
      assert.equal(normalizeOrderNumber(typed), null, typed);
    }
  });
});
