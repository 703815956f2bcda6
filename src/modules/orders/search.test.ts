// The staff order search by everything an agent is told on the phone: the order number, part
// of the email, part of the name on the delivery address, the phone number however written,
// and whatever other modules' finders recognise (their columns shown beside each order).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../platform/clock.ts';
import { Browser, createStaff } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import type { Order } from './read.ts';
import { registerOrderFinder, registerOrderListColumn } from './search-hooks.ts';
import { recordTestOrder } from './test-support.ts';

describe('orders: search', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let agent: Browser;
  let grace: Order;
  let other: Order;
  const tag = randomUUID().slice(0, 6);

  before(async () => {
    store = await createTestStore({ clock });
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
    grace = await recordTestOrder(store, {
      email: `Grace.Hopper.${tag}@Navy.example`,
      shippingAddress: { name: `Grace Brewster Hopper-${tag}`, line1: '350 Fifth Avenue', city: 'New York', region: 'NY', postalCode: '10118', country: 'US', phone: '+1 (212) 736-3100' },
    });
    other = await recordTestOrder(store, { email: `someone.${tag}@example.com`, shippingAddress: { name: `Alan Turing-${tag}`, line1: '1 Main Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', phone: '217 555 0100' } });
  });
  after(() => store.close());

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');
  const found = async (q: string) => {
    const page = await agent.get(`/admin/orders?q=${encodeURIComponent(q)}`);
    assert.equal(page.statusCode, 200, q);
    return [...page.body.matchAll(/href="\/admin\/orders\/(DS-[A-Z0-9-]+)"/g)].map((m) => m[1]!);
  };

  describe('finding an order', () => {
    it('by its number however typed', async () => {
      assert.deepEqual(await found(grace.number.toLowerCase().replace(/-/g, ' ')), [grace.number]);
    });

    it('by any part of the email, in any case', async () => {
      assert.deepEqual(await found(`HOPPER.${tag.toUpperCase()}@navy`), [grace.number]);
      assert.deepEqual(await found(`grace.hopper.${tag}@navy.example`), [grace.number]);
    });

    it('by any part of the name on the delivery address, in any case', async () => {
      assert.deepEqual(await found(`brewster hopper-${tag.toUpperCase()}`), [grace.number]);
      assert.deepEqual(await found(`turing-${tag}`), [other.number]);
    });

    it('by the phone number however it is written', async () => {
      assert.deepEqual(await found('212-736-3100'), [grace.number]);
      assert.deepEqual(await found('(212) 736 3100'), [grace.number]);
      assert.deepEqual(await found('7363100'), [grace.number], 'the last digits are enough');
      assert.deepEqual(await found('217.555.0100'), [other.number]);
    });

    it('does not treat what is typed as a pattern', async () => {
      assert.deepEqual(await found(`hopper_${tag}`), [], 'an underscore is a letter');
      assert.deepEqual(await found('%'), []);
    });

    it('by what another module’s finder recognises, with that module’s column', async () => {
      registerOrderFinder(store.platform, async (_db, query) => (query === `PARCEL-${tag}` ? [other.id] : []));
      registerOrderFinder(store.platform, async () => {
        throw new Error('the finder is broken');
      });
      registerOrderListColumn(store.platform, { heading: 'Boxes', empty: '0', cells: async (_db, ids) => new Map(ids.filter((id) => id === other.id).map((id) => [id, 3])) });
      const page = await agent.get(`/admin/orders?q=${encodeURIComponent(`PARCEL-${tag}`)}`);
      assert.deepEqual([...page.body.matchAll(/href="\/admin\/orders\/(DS-[A-Z0-9-]+)"/g)].map((m) => m[1]), [other.number], 'a failing finder finds nothing and the rest still answer');
      assert.match(text(page.body), /Order Placed Customer Items Total Status Payment (Parcels )?Boxes/);
      assert.match(text(page.body), new RegExp(`${other.number} .* Recorded Waiting for payment (0 )?3`));
      const both = await agent.get(`/admin/orders?q=${tag}`);
      assert.match(text(both.body), new RegExp(`${grace.number} .* Waiting for payment (0 )?0`), 'an order without a cell shows the column’s empty value');
    });
  });
});
