// The payment settings: defaults (the embedded simulator), every variable read, a bad value
// refused in one line that never repeats a secret, and faults given at start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../config.ts';
import { simulatorSecrets } from './gateway/runtime.ts';
import { faultsFromJson, FaultsError, NO_FAULTS } from './simulator/faults.ts';

describe('payment settings', () => {
  it('default to the embedded simulator on port 4242 with its state kept in DATA_DIR', () => {
    const { payments } = loadConfig({});
    assert.deepEqual(
      [payments.stripeSecretKey, payments.gatewayUrl, payments.simulatorPort, payments.simulatorJournal, payments.timeoutMs, payments.simulatorWebhookUrl],
      [undefined, undefined, 4242, true, 8000, 'http://localhost:3000/webhooks/payments'],
    );
  });

  it('reads every variable', () => {
    const { payments } = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      GATEWAY_URL: 'http://127.0.0.1:4242/',
      GATEWAY_SIMULATOR_PORT: '0',
      GATEWAY_SIMULATOR_WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/payments',
      GATEWAY_SIMULATOR_JOURNAL: 'false',
      GATEWAY_SIMULATOR_FAULTS: '{"errorRate":0.5}',
      GATEWAY_TIMEOUT_MS: '2500',
    });
    assert.deepEqual(payments, {
      stripeSecretKey: 'sk_test_abc',
      stripePublishableKey: 'pk_test_abc',
      stripeWebhookSecret: 'whsec_abc',
      gatewayUrl: 'http://127.0.0.1:4242',
      simulatorPort: 0,
      simulatorWebhookUrl: 'http://127.0.0.1:3000/webhooks/payments',
      simulatorJournal: false,
      simulatorFaults: '{"errorRate":0.5}',
      timeoutMs: 2500,
    });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ STRIPE_SECRET_KEY: 'pk_test_wrong-kind' }, /^STRIPE_SECRET_KEY is not valid: expected a key starting with sk_ or rk_$/],
    [{ STRIPE_PUBLISHABLE_KEY: 'sk_live_oops' }, /^STRIPE_PUBLISHABLE_KEY is not valid/],
    [{ STRIPE_WEBHOOK_SECRET: 'secret' }, /^STRIPE_WEBHOOK_SECRET is not valid/],
    [{ GATEWAY_URL: 'ftp://gateway' }, /^GATEWAY_URL has protocol "ftp:"/],
    [{ GATEWAY_SIMULATOR_PORT: '99999' }, /^GATEWAY_SIMULATOR_PORT="99999" is not valid/],
    [{ GATEWAY_TIMEOUT_MS: '10' }, /^GATEWAY_TIMEOUT_MS="10" is not valid: expected a whole number from 100 to 120000$/],
  ];
  for (const [env, message] of bad) {
    it(`refuses a bad ${Object.keys(env)[0]} in one line, never echoing a key`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message) && (!/KEY|SECRET/.test(Object.keys(env)[0]!) || !error.message.includes(Object.values(env)[0]!)),
      );
    });
  }

  it('derives the simulator’s key and webhook secret from the session secret, unless they are set', () => {
    const base = { SESSION_SECRET: 'a'.repeat(40) };
    const derived = simulatorSecrets(loadConfig(base));
    assert.match(derived.secretKey, /^sk_test_sim_[0-9a-f]{40}$/);
    assert.match(derived.webhookSecret, /^whsec_[0-9a-f]{40}$/);
    assert.deepEqual(simulatorSecrets(loadConfig(base)), derived, 'a standalone simulator with the same secret agrees');
    assert.notDeepEqual(simulatorSecrets(loadConfig({ SESSION_SECRET: 'b'.repeat(40) })), derived);
    assert.deepEqual(simulatorSecrets(loadConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_set', STRIPE_WEBHOOK_SECRET: 'whsec_set' })), { secretKey: 'sk_test_set', webhookSecret: 'whsec_set' });
  });

  it('reads faults given at start, and refuses bad ones clearly', () => {
    assert.deepEqual(faultsFromJson(undefined), NO_FAULTS);
    assert.equal(faultsFromJson('{"lostResponseRate":0.2,"next":["timeout"]}').lostResponseRate, 0.2);
    assert.throws(() => faultsFromJson('{errorRate'), (error: unknown) => error instanceof FaultsError && /not valid JSON/.test(error.message));
    assert.throws(() => faultsFromJson('{"errorRate":2}'), (error: unknown) => error instanceof FaultsError && /errorRate/.test(error.message));
    assert.throws(() => faultsFromJson('{"surprise":true}'), FaultsError);
  });
});
