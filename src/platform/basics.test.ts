import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from './clock.ts';
import { READABLE_ALPHABET, readableCode } from './ids.ts';
import { formatMoney, parseMinorUnits, roundHalfEven } from './money.ts';
import { createSigner } from './signing.ts';

describe('money', () => {
  it('formats minor units with the currency', () => {
    assert.equal(formatMoney({ amount: 123456, currency: 'USD' }), '$1,234.56');
    assert.equal(formatMoney({ amount: 500, currency: 'JPY' }, 'en-US'), '¥500');
  });
  it('rounds half to even', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 2.4, 2.6, 3.5].map(roundHalfEven), [0, 2, 2, 2, 3, 4]);
  });
  it('parses decimal strings strictly', () => {
    assert.equal(parseMinorUnits('12.5'), 1250);
    assert.equal(parseMinorUnits('0.99'), 99);
    assert.equal(parseMinorUnits('7'), 700);
    assert.equal(parseMinorUnits('abc'), null);
    assert.equal(parseMinorUnits('1.999'), null);
    assert.equal(parseMinorUnits('-3'), null);
  });
});

describe('readable codes', () => {
  it('use only unambiguous characters in the asked groups', () => {
    for (let i = 0; i < 200; i++) {
      const code = readableCode([4, 4]);
      assert.match(code, new RegExp(`^[${READABLE_ALPHABET}]{4}-[${READABLE_ALPHABET}]{4}$`));
    }
    assert.doesNotMatch(READABLE_ALPHABET, /[01OIL5SZ2B8]/);
  });
});

describe('signed tokens', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const signer = createSigner('secret-secret-secret-secret-secret!', clock);
  it('round-trip for their purpose until they expire', () => {
    const token = signer.sign('password-reset', { c: 'abc' }, new Date('2026-11-23T11:00:00Z'));
    assert.deepEqual(signer.verify('password-reset', token), { c: 'abc' });
    assert.equal(signer.verify('order-page', token), null, 'another purpose');
    clock.advance(61 * 60 * 1000);
    assert.equal(signer.verify('password-reset', token), null, 'expired');
  });
  it('reject tampering and garbage', () => {
    clock.set('2026-11-23T10:00:00Z');
    const token = signer.sign('x', { c: 'abc' }, new Date('2026-11-24T00:00:00Z'));
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'x', d: { c: 'evil' }, e: 9_999_999_999 })).toString('base64url');
    assert.equal(signer.verify('x', `${forged}.${mac}`), null);
    assert.equal(signer.verify('x', `${body}.AAAA`), null);
    assert.equal(signer.verify('x', 'nonsense'), null);
    assert.equal(createSigner('another-secret-another-secret-00000', clock).verify('x', token), null);
  });
});
