import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { productInput, saveTestProduct, setTestStock } from '../../testing/catalog.ts';
import { listening, openSse } from '../../testing/sse.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { changeStock } from './adjust.ts';
import { defaultLocationId } from './stock.ts';

describe('live stock updates', () => {
  let store: TestStore;
  let origin: string;
  let oak: string;
  let ash: string;
  before(async () => {
    store = await createTestStore();
    [oak, ash] = (await saveTestProduct(
      store,
      productInput('side-table', [
        { options: ['Oak'], priceMinor: 9000 },
        { options: ['Ash'], priceMinor: 9000 },
      ]),
    )) as [string, string];
    await setTestStock(store, [oak, ash], 5);
    origin = await listening(store);
  });
  after(() => store.close());

  const change = (variantId: string, delta: number) =>
    store.platform.database.transaction(async (tx) =>
      changeStock(
        store.platform,
        tx,
        [{ variantId, locationId: await defaultLocationId(tx), delta, reason: 'count' }],
        'test',
        'live-test',
      ),
    );

  it('tells a stream following a variant once a stock change commits, with the variant id alone', async () => {
    const stream = await openSse(`${origin}/live?topics=stock:${oak},stock:${ash}`);
    try {
      assert.equal(stream.status, 200);
      await change(oak, -2);
      const event = await stream.next();
      assert.deepEqual(JSON.parse(event.data), { topic: `stock:${oak}`, data: { variantId: oak } });
      // A refused change (on-hand below zero) rolls back: nothing is announced.
      await assert.rejects(change(ash, -50), /only 5/);
      await setTestStock(store, [ash], 7);
      assert.deepEqual(JSON.parse((await stream.next()).data), {
        topic: `stock:${ash}`,
        data: { variantId: ash },
      });
    } finally {
      stream.close();
    }
  });

  it('does not tell streams that follow other variants', async () => {
    const stream = await openSse(`${origin}/live?topics=stock:${ash}`);
    try {
      await change(oak, 1);
      await change(ash, 1);
      const event = await stream.next();
      assert.equal(
        JSON.parse(event.data).topic,
        `stock:${ash}`,
        'the first message is about the followed variant',
      );
    } finally {
      stream.close();
    }
  });
});
