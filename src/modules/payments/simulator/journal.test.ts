// The simulator's state survives a restart through its journal (an embedded simulator lives
// and dies with its store): intents, charges, refunds and idempotency keys are replayed,
// and a line torn by a crash mid-write is skipped.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StripeGateway } from '../gateway/stripe-gateway.ts';
import { startSimulator } from './server.ts';

describe('the simulator journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payments-journal-'));
  const journalPath = join(dir, 'gateway-simulator.jsonl');
  after(() => rmSync(dir, { recursive: true, force: true }));

  const start = () => startSimulator({ secretKey: 'sk_test_journal', webhookSecret: 'whsec_journal', journalPath });
  const gatewayFor = (url: string) => new StripeGateway({ secretKey: 'sk_test_journal', url, timeoutMs: 2000 });

  it('replays intents, charges, refunds and idempotency keys after a restart', async () => {
    const first = await start();
    const gateway = gatewayFor(first.url);
    const intent = await gateway.createIntent({ orderId: 'order-1', amount: 4200, currency: 'EUR', captureMethod: 'automatic' }, 'order-1:create:1');
    await gateway.confirmIntent(intent.id, 'pm_card_visa', 'order-1:confirm:1');
    await gateway.refund({ intentId: intent.id, orderId: 'order-1', amount: 200, reason: 'scratch' }, 'order-1:refund:1');
    const charges = first.charges();
    await first.close();
    // A crash in the middle of writing leaves half a line.
    appendFileSync(journalPath, '{"t":"intent","v":{"intent":{"id":"pi_torn"');

    const second = await start();
    try {
      const again = gatewayFor(second.url);
      assert.deepEqual(second.charges(), charges);
      const read = await again.retrieveIntent(intent.id);
      assert.deepEqual([read.status, read.charge?.amountRefunded], ['succeeded', 200]);
      const replayed = await again.createIntent({ orderId: 'order-1', amount: 4200, currency: 'EUR', captureMethod: 'automatic' }, 'order-1:create:1');
      assert.equal(replayed.id, intent.id, 'the key still finds the first intent');
      assert.equal(second.intents().length, 1);
      await again.createIntent({ orderId: 'order-2', amount: 100, currency: 'EUR', captureMethod: 'manual' }, 'order-2:create:1');
    } finally {
      await second.close();
    }
    const lines = readFileSync(journalPath, 'utf8').split('\n');
    assert.ok(lines.some((line) => line.includes('order-2')), 'new entries go on their own line after the torn one');
    const third = await start();
    assert.equal(third.intents().length, 2);
    await third.close();
  });
});
