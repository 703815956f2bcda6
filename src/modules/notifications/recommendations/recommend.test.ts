// Suggestions in emails: related products first (bought together, same collection, same
// type, shared tags), never one out of stock or only on backorder, never one the reader
// already ordered, nothing when nothing fits; and the two rules the queue applies around them:
// at most two emails with suggestions per address in seven days, and none at all in a touch
// point that must not sell.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { defineEvent } from '../../../platform/events/events.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { orderingStore, placeTestOrder } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { queueTouchPoint } from '../queue/enqueue.ts';
import { outgoingEmails } from '../schema.ts';
import { defineTouchPoint } from '../touch-points/define.ts';
import { suggestionsFor } from './recommend.ts';

describe('notifications: recommendations: recommend', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  const v: Record<string, string> = {};

  async function product(handle: string, productType: string, tags: string[], onHand: number, policy: 'deny' | 'backorder' = 'deny'): Promise<void> {
    const [id] = await saveTestProduct(store, productInput(handle, [{ options: [], priceMinor: 1250 }], { productType, tags }));
    await setTestStock(store, [id!], onHand, policy);
    v[handle] = id!;
  }

  before(async () => {
    store = await orderingStore(clock);
    await product('lamp', 'Lighting', ['desk'], 50);
    await product('shade', 'Lighting', ['desk'], 50);
    await product('bulb', 'Parts', [], 50);
    await product('clip', 'Parts', ['desk'], 50);
    await product('candle', 'Lighting', ['desk'], 0);
    await product('sconce', 'Lighting', ['desk'], 0, 'backorder');
    await product('lantern', 'Lighting', ['desk'], 50);
    await product('rug', 'Home', [], 50);
    await product('mug', 'Kitchen', [], 50);
    // The merchant puts the lamp and the mug in one collection.
    const merchant = new Browser(store);
    await merchant.signIn(await createStaff(store, 'admin'));
    await merchant.get('/admin/collections/new');
    const made = await merchant.post('/admin/collections', {
      title: 'Study',
      handle: 'study',
      description: '',
      status: 'active',
      sortOrder: 'featured',
      featured: 'yes',
      position: '1',
      kind: 'manual',
      match: 'all',
      add: 'lamp\nmug',
    });
    if (made.statusCode !== 303) throw new Error(`collection not saved: ${made.statusCode}`);
    // Someone else bought the bulb with the lamp; Ada bought the lantern long ago.
    await placeTestOrder(store, [[v.lamp!, 1], [v.bulb!, 1]], { email: 'bob@example.com' });
    await placeTestOrder(store, [[v.lantern!, 1]], { email: 'ada@example.com' });
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const suggest = (recipient: string, handles: string[], limit = 3) => suggestionsFor(store.platform, db(), { recipient, variantIds: handles.map((h) => v[h]!), limit });

  describe('suggestions', () => {
    it('puts related products first, by score then title, with absolute links and a formatted price', async () => {
      const found = await suggest('ada@example.com', ['lamp'], 5);
      // Bought together (2), the same collection (2) and the same type plus a shared tag (2)
      // outrank a shared tag alone (1).
      assert.deepEqual(
        found.map((s) => s.title),
        ['Bulb', 'Mug', 'Shade', 'Clip'],
      );
      assert.deepEqual(found[0], { title: 'Bulb', url: 'http://store.test/products/bulb', price: '$12.50', imageUrl: null });
    });

    it('leaves out what is out of stock, only on backorder, or already ordered by the reader', async () => {
      const titles = (await suggest('ada@example.com', ['lamp'], 10)).map((s) => s.title);
      for (const gone of ['Candle', 'Sconce', 'Lantern', 'Lamp', 'Rug']) assert.ok(!titles.includes(gone), `${gone} is not suggested`);
      // Bob bought the bulb with the lamp: he is not offered it again.
      assert.ok(!(await suggest('bob@example.com', ['lamp'], 10)).some((s) => s.title === 'Bulb'));
    });

    it('suggests nothing when nothing fits', async () => {
      assert.deepEqual(await suggest('ada@example.com', ['rug']), []);
      assert.deepEqual(await suggest('ada@example.com', []), []);
      assert.deepEqual(await suggest('ada@example.com', ['lamp'], 0), []);
    });
  });

  describe('the queue around suggestions', () => {
    const testEvent = defineEvent<{ n: number; to: string }>('test.suggestions');

    const touchPoint = (key: string, sells: boolean) =>
      defineTouchPoint<{ n: number; to: string }>({
        key,
        group: 'Orders',
        title: key,
        when: 'In tests.',
        event: testEvent,
        kind: 'transactional',
        sells,
        defaults: { subject: 'About your lamp', intro: 'Here is news about your lamp.' },
        placeholders: {},
        letters: async (_platform, _tx, event) => [{ to: event.payload.to, about: `test:${event.payload.n}`, values: {}, blocks: [], variantIds: [v.lamp!] }],
        preview: async () => null,
      });

    let n = 0;
    async function send(tp: ReturnType<typeof touchPoint>, to = 'Carol@Example.com') {
      n += 1;
      await store.platform.database.transaction((tx) => queueTouchPoint(store.platform, tx, tp, { id: crypto.randomUUID(), type: testEvent.name, payload: { n, to }, actor: 'test', occurredAt: clock.now().toISOString() }));
      const [row] = await db().select().from(outgoingEmails).where(eq(outgoingEmails.dedupeKey, `${tp.key}|test:${n}|${to.toLowerCase()}`));
      assert.ok(row, 'the email is queued');
      return row;
    }

    it('stops suggestions after two promotional emails in seven days, and drops List-Unsubscribe with them', async () => {
      const selling = touchPoint('test.selling', true);
      for (let i = 0; i < 2; i += 1) {
        const email = await send(selling);
        assert.equal(email.promotional, true);
        assert.match(email.text, /Bulb/);
        assert.match(email.headers['List-Unsubscribe'] ?? '', /^<http:\/\/store\.test\/email\/unsubscribe\?topic=recommendations&token=/);
        assert.equal(email.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
      }
      const third = await send(selling);
      assert.equal(third.promotional, false);
      assert.doesNotMatch(third.text, /Bulb|You might also like/);
      assert.equal(third.headers['List-Unsubscribe'], undefined);
      assert.equal(third.headers['List-Unsubscribe-Post'], undefined);

      clock.advance(7 * 86_400_000 + 1000);
      assert.equal((await send(selling)).promotional, true, 'a week later suggestions come back');
    });

    it('never puts suggestions in a touch point that must not sell', async () => {
      clock.advance(30 * 86_400_000);
      const email = await send(touchPoint('test.apology', false));
      assert.equal(email.promotional, false);
      assert.doesNotMatch(email.text, /Bulb|Shade|You might also like/);
      assert.equal(email.headers['List-Unsubscribe'], undefined);
    });

    it('turns suggestions off with one POST to an email’s List-Unsubscribe: the next email has none', async () => {
      const selling = touchPoint('test.unsubscribe', true);
      const first = await send(selling, 'dan@example.com');
      const target = /^<(.+)>$/.exec(first.headers['List-Unsubscribe'] ?? '')?.[1];
      assert.ok(target, 'the email carries List-Unsubscribe');
      const response = await store.app.inject({
        method: 'POST',
        url: target.replace(store.platform.config.baseUrl, ''),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: first.headers['List-Unsubscribe-Post']!,
      });
      assert.equal(response.statusCode, 200);
      const next = await send(selling, 'dan@example.com');
      assert.equal(next.promotional, false);
      assert.doesNotMatch(next.text, /You might also like/);
      assert.equal(next.headers['List-Unsubscribe'], undefined);
    });
  });
});
