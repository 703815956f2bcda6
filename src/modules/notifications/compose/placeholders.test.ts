import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPlaceholders, placeholderProblem } from './placeholders.ts';

const allowed = ['order.number', 'customer.name'];

describe('placeholders in the merchant’s words', () => {
  it('accepts known placeholders, with or without spaces inside the braces', () => {
    assert.equal(placeholderProblem('Order {{order.number}} for {{ customer.name }}', allowed), null);
    assert.equal(placeholderProblem('No placeholder at all', allowed), null);
  });

  it('refuses an unknown name and says which ones exist', () => {
    assert.match(placeholderProblem('Order {{order.numbr}}', allowed)!.message, /\{\{order\.numbr\}\} is not something this email knows\. You can use: \{\{order\.number\}\}, \{\{customer\.name\}\}\./);
  });

  it('refuses unclosed or malformed braces', () => {
    for (const broken of ['Order {{order.number', 'Order order.number}}', 'Order {{ }}', 'Order {{order number}}']) {
      assert.match(placeholderProblem(broken, allowed)!.message, /not closed/, broken);
    }
  });

  it('fills values', () => {
    assert.equal(fillPlaceholders('Order {{order.number}} for {{ customer.name }}', { 'order.number': 'DS-1', 'customer.name': 'Ada' }), 'Order DS-1 for Ada');
  });
});
