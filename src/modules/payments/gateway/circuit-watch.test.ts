// The gateway circuit's listeners: they hear it open and close, and run outside the failing
// call's context, so one that writes in its own transaction works even when the call that
// opened the circuit ran inside someone else's transaction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { circuitChanged, onGatewayCircuitChange } from './circuit-watch.ts';

describe('payments: gateway: circuit-watch', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
  });
  after(() => store.close());

  describe('the gateway circuit watch', () => {
    it('tells each listener, in its own context and in order, that the circuit opened and closed', async () => {
      const { platform } = store;
      const heard: string[] = [];
      onGatewayCircuitChange(platform, async (status) => {
        await platform.database.transaction((tx) => tx.execute(sql`select 1`));
        // Hearing of the open takes longer than of the close: the close must still come second.
        if (status === 'open') await new Promise((resolve) => setTimeout(resolve, 100));
        heard.push(status);
      });
      await platform.database.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        circuitChanged(platform, 'open');
      });
      circuitChanged(platform, 'closed');
      for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(heard, ['open', 'closed']);
    });
  });
});
