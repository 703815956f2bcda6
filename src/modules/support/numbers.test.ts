// Ticket numbers: their shape, their spread, growing a digit when five-digit draws keep
// colliding, and reading them back however they are typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digitsForDraw, DRAWS_PER_LENGTH, newTicketNumber, normalizeTicketNumber } from './numbers.ts';

describe('ticket numbers', () => {
  it('look like T-48213: five digits, never a leading zero, spread over the whole range', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const number = newTicketNumber();
      assert.match(number, /^T-[1-9][0-9]{4}$/);
      seen.add(number);
    }
    // 2,000 draws from 90,000 numbers: a few repeats are expected (that is what the retry is for), not many.
    assert.ok(seen.size > 1900, `${seen.size} distinct`);
    assert.match(newTicketNumber(7), /^T-[1-9][0-9]{6}$/);
  });

  it('take one digit more after a few taken five-digit draws, up to eight', () => {
    const lengths = Array.from({ length: DRAWS_PER_LENGTH * 5 }, (_, draw) => digitsForDraw(draw));
    assert.deepEqual(lengths.slice(0, DRAWS_PER_LENGTH), Array(DRAWS_PER_LENGTH).fill(5));
    assert.deepEqual(lengths.slice(DRAWS_PER_LENGTH, 2 * DRAWS_PER_LENGTH), Array(DRAWS_PER_LENGTH).fill(6));
    assert.equal(Math.max(...lengths), 8);
  });

  it('are read back whatever the case, spaces, dashes, hash or prefix', () => {
    for (const typed of ['T-48213', 't-48213', ' t 48213 ', 'T48213', '48213', '#48213', 'T–48213']) {
      assert.equal(normalizeTicketNumber(typed), 'T-48213', typed);
    }
    assert.equal(normalizeTicketNumber('T-4821399'), 'T-4821399');
  });

  it('refuse what cannot be a ticket number', () => {
    for (const typed of ['', 'T-4821', 'T-048213', 'T-482130000', 'T-48A13', 'DS-7K4Q-9P3M', "T-48213' or 1=1", '4'.repeat(100)]) {
      assert.equal(normalizeTicketNumber(typed), null, typed);
    }
  });
});
