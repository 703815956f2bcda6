import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PaymentStatus } from './schema.ts';
import { isAtOrBeyond, TRANSITIONS } from './status.ts';

describe('payment statuses: at or beyond', () => {
  it('counts a status as at or beyond itself and every status some chain of moves reaches from it', () => {
    assert.ok(isAtOrBeyond('authorized', 'authorized'));
    assert.ok(isAtOrBeyond('captured', 'authorized'));
    assert.ok(isAtOrBeyond('refunded', 'authorized'), 'two moves away');
    assert.ok(isAtOrBeyond('voided', 'authorized'));
    assert.ok(isAtOrBeyond('partially_refunded', 'captured'));
    assert.ok(isAtOrBeyond('authorized', 'failed'), 'a decline is followed by another card');
  });

  it('does not count a status that lies before, or on another branch', () => {
    assert.ok(!isAtOrBeyond('pending', 'authorized'));
    assert.ok(!isAtOrBeyond('failed', 'authorized'));
    assert.ok(!isAtOrBeyond('authorized', 'captured'));
    assert.ok(!isAtOrBeyond('voided', 'captured'));
    assert.ok(!isAtOrBeyond('captured', 'voided'));
  });

  it('ends at the statuses nothing leaves', () => {
    for (const end of Object.keys(TRANSITIONS) as PaymentStatus[]) {
      if (TRANSITIONS[end].length > 0) continue;
      for (const other of Object.keys(TRANSITIONS) as PaymentStatus[]) assert.equal(isAtOrBeyond(other, end), other === end, `${other} from ${end}`);
    }
  });
});
