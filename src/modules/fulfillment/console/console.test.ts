// The merchant's fulfillment console over HTTP: who may use it, the queue and its tabs,
// starting orders one at a time and as a selection, the pick list by location without what is
// packed, packing through the form (and every refusal shown with what was typed, nothing
// written), marking parcels shipped, removing a packed parcel and refusing to remove one that
// left, and the packing slip.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { setTestPolicy, stockFigures } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { allocatedLines, listLocations } from '../../inventory/index.ts';
import { orderById, transitionOrder, type Order } from '../../orders/index.ts';
import { generateTrackingNumber } from '../carriers/numbers/index.ts';
import { shipmentsOfOrder } from '../shipments/read.ts';

describe('fulfillment: console', () => {
  /** A well-formed order number no order has. */
  const UNKNOWN_ORDER = 'DS-7777-7777';
  // Monday 23 November 2026, 10:00 in New York.
  const START = '2026-11-23T15:00:00Z';
  const clock = fixedClock(START);
  let store: TestStore;
  let lead: Browser;
  let agent: Browser;
  let teapot: string;
  let mug: string;
  /** Stocked per test at two locations (stockVases), so that an order of them is split. */
  let vase: string;
  let east: string;
  let admin: Browser;

  const db = () => store.platform.database.db;
  const words = (html: string) =>
    html
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&#39;|&rsquo;|’/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, ' ')
      .trim();
  const orderPath = (order: Order) => `/admin/fulfillment/orders/${order.number}`;
  const statusOf = async (order: Order) => (await orderById(db(), order.id))!.status;
  const parcelsOf = (order: Order) => shipmentsOfOrder(db(), order.id);
  const lineOf = (order: Order, variantId: string) => order.lines.find((l) => l.variantId === variantId)!;

  before(async () => {
    store = await orderingStore(clock);
    teapot = await sellable(store, 4000, 200, 'Teapot');
    mug = await sellable(store, 1200, 200, 'Mug');
    vase = await sellable(store, 3000, 0, 'Vase');
    lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));

    // A second warehouse, set up as the merchant does: the location, then its count of vases.
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
    await admin.get('/admin/inventory/locations');
    const added = await admin.post('/admin/inventory/locations', { name: 'East warehouse', code: 'east', address: '', processingDays: '1', cutoffTime: '14:00', priority: '200' });
    assert.equal(added.statusCode, 303, added.body);
    east = (await listLocations(db())).find((l) => l.code === 'east')!.id;
  });
  after(() => store.close());

  /** Vases arrive at both locations, recorded as the merchant does on the variant's stock page. */
  async function stockVases(atHome: number, inTheEast: number): Promise<void> {
    const home = (await listLocations(db())).find((l) => l.isDefault)!.id;
    for (const [location, quantity] of [
      [home, atHome],
      [east, inTheEast],
    ] as const) {
      if (quantity === 0) continue;
      await admin.get(`/admin/inventory/variants/${vase}`);
      const counted = await admin.post(`/admin/inventory/variants/${vase}/adjust`, { adjustLocation: location, adjustMode: 'delta', adjustQuantity: String(quantity), adjustReason: 'Delivery' });
      assert.equal(counted.statusCode, 303, counted.body);
    }
  }

  /** The pack form of the order's page as the browser would send it, with these changes. */
  async function packForm(order: Order, changes: Record<string, string>, location?: string): Promise<URLSearchParams> {
    const page = await lead.get(`${orderPath(order)}${location ? `?location=${location}` : ''}`);
    assert.equal(page.statusCode, 200, page.body);
    const fields = formFields(page.body, `${orderPath(order)}/parcels`);
    for (const [name, value] of Object.entries(changes)) fields.set(name, value);
    return fields;
  }

  async function packByForm(order: Order, changes: Record<string, string> = {}, location?: string) {
    const fields = await packForm(order, { carrier: 'usps', service: 'Priority Mail', trackingNumber: generateTrackingNumber('usps'), ...changes }, location);
    return lead.post(`${orderPath(order)}/parcels`, fields);
  }

  describe('who may use the console', () => {
    it('sends visitors to the staff sign-in, refuses agents (nothing written), and opens for leads with a nav entry', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      for (const path of ['/admin/fulfillment', '/admin/fulfillment/pick-list', orderPath(order)]) {
        const visitor = await new Browser(store).get(path);
        assert.equal(visitor.statusCode, 303, path);
        assert.match(visitor.headers.location as string, /^\/staff\/sign-in\?next=/);
        assert.equal((await agent.get(path)).statusCode, 403, path);
        assert.equal((await lead.get(path)).statusCode, 200, path);
      }
      const fields = await packForm(order, { service: 'Ground', trackingNumber: generateTrackingNumber('usps') });
      await agent.get('/admin');
      fields.set('_csrf', agent.csrf);
      const refused = await agent.post(`${orderPath(order)}/parcels`, fields);
      assert.equal(refused.statusCode, 403);
      assert.match(words(refused.body), /orders\.fulfill/);
      const start = await agent.post('/admin/fulfillment/start', { one: order.number });
      assert.equal(start.statusCode, 403);
      assert.equal((await parcelsOf(order)).length, 0, 'the agent packed nothing');
      assert.equal(await statusOf(order), 'validated', 'the agent started nothing');

      assert.match((await lead.get('/admin')).body, /href="\/admin\/fulfillment"[^>]*>Fulfillment</);
      assert.doesNotMatch((await agent.get('/admin')).body, /href="\/admin\/fulfillment"/);
    });
  });

  describe('the queue', () => {
    it('lists paid orders oldest first with the day they ship by, flags late ones, and counts each tab', async () => {
      const first = (await placeTestOrder(store, [[teapot, 1]])).order;
      clock.advance(60_000);
      const second = (await placeTestOrder(store, [[mug, 2]])).order;
      const unpaid = (await placeTestOrder(store, [[mug, 1]], { pay: false })).order;
      try {
        const page = await lead.get('/admin/fulfillment');
        assert.equal(page.statusCode, 200);
        const text = words(page.body);
        assert.ok(page.body.indexOf(first.number) < page.body.indexOf(second.number), 'the longest waiting first');
        assert.ok(!page.body.includes(unpaid.number), 'an unpaid order is not ready to prepare');
        const shipsOn = first.lines[0]!.promise.shipsOn!;
        assert.match(shipsOn, /^2026-11-2\d$/);
        const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(`${shipsOn}T00:00:00Z`));
        assert.match(text, new RegExp(`${first.number} .*${day}`));
        assert.doesNotMatch(text, /Late/);
        const ready = Number(/Ready to prepare \((\d+)\)/.exec(text)![1]);
        const counted = await rows<{ n: number }>(db(), sql`select count(*)::int as n from orders where status = 'validated'`);
        assert.equal(ready, counted[0]!.n);
        assert.match(text, /In preparation \(\d+\) Waiting for pickup \(\d+\)/);

        // A week later nothing has shipped: both are late.
        clock.set('2026-11-30T15:00:00Z');
        const later = words((await lead.get('/admin/fulfillment')).body);
        assert.match(later, new RegExp(`${first.number} [^]*?Late`));
        assert.match(later, /\d+ late\./);
      } finally {
        clock.set(START);
      }
    });

    it('starts one order, then a selection, and says which could not be started and why', async () => {
      const one = (await placeTestOrder(store, [[teapot, 1]])).order;
      await lead.get('/admin/fulfillment');
      const started = await lead.post('/admin/fulfillment/start', { one: one.number });
      assert.equal(started.statusCode, 303);
      assert.equal(started.headers.location, `/admin/fulfillment?tab=preparing&notice=started&started=${one.number}`);
      assert.equal(await statusOf(one), 'in_preparation');
      const preparing = await lead.get(started.headers.location as string);
      assert.match(words(preparing.body), new RegExp(`Order ${one.number} is in preparation\\.`));
      assert.match(preparing.body, new RegExp(`href="/admin/fulfillment/pick-list\\?orders=${one.number}"`));

      const a = (await placeTestOrder(store, [[mug, 1]])).order;
      const b = (await placeTestOrder(store, [[mug, 1]])).order;
      const unpaid = (await placeTestOrder(store, [[mug, 1]], { pay: false })).order;
      await lead.get('/admin/fulfillment');
      const batch = await lead.post('/admin/fulfillment/start', new URLSearchParams([['orders', a.number], ['orders', b.number]]));
      assert.equal(batch.statusCode, 303);
      assert.equal(await statusOf(a), 'in_preparation');
      assert.equal(await statusOf(b), 'in_preparation');

      const c = (await placeTestOrder(store, [[mug, 1]])).order;
      await lead.get('/admin/fulfillment');
      const mixed = await lead.post('/admin/fulfillment/start', new URLSearchParams([['orders', c.number], ['orders', unpaid.number], ['orders', 'nonsense!'], ['orders', UNKNOWN_ORDER]]));
      assert.equal(mixed.statusCode, 409);
      const text = words(mixed.body);
      assert.match(text, /3 orders could not be started/);
      assert.match(text, new RegExp(`${UNKNOWN_ORDER}: We could not find that order\\.`));
      assert.match(text, new RegExp(`${unpaid.number}: Order ${unpaid.number} cannot go from Recorded to In preparation\\. It is not paid yet\\.`));
      assert.match(text, /nonsense!: That is not an order number\./);
      assert.match(text, new RegExp(`Order ${c.number} is in preparation\\.`));
      assert.equal(await statusOf(c), 'in_preparation');
      assert.equal(await statusOf(unpaid), 'placed');

      // From the order's own page, back to it.
      const d = (await placeTestOrder(store, [[mug, 1]])).order;
      await lead.get(orderPath(d));
      const fromPage = await lead.post('/admin/fulfillment/start', { one: d.number, back: 'order' });
      assert.equal(fromPage.headers.location, `${orderPath(d)}?notice=started`);
      assert.equal(await statusOf(d), 'in_preparation');
      assert.doesNotMatch((await lead.get(orderPath(d))).body, /name="one"/, 'started: no second start button');

      await lead.get('/admin/fulfillment');
      const none = await lead.post('/admin/fulfillment/start', {});
      assert.equal(none.statusCode, 400);
      assert.match(words(none.body), /Choose at least one order to start preparing\./);
    });
  });

  describe('the pick list', () => {
    it('groups the units by location, then by item, with the orders, and leaves out what is packed', async () => {
      await stockVases(1, 2);
      const { order } = await placeTestOrder(store, [
        [vase, 3],
        [teapot, 2],
      ]);
      const other = (await placeTestOrder(store, [[teapot, 1]])).order;
      const allocated = await allocatedLines(db(), order.number);
      assert.deepEqual(allocated.filter((a) => a.variantId === vase).map((a) => a.quantity).sort(), [1, 2], 'one vase at home, two in the east');
      const locations = await listLocations(db());
      const home = locations.find((l) => l.isDefault)!;

      const list = await lead.get(`/admin/fulfillment/pick-list?orders=${order.number},${other.number}`);
      assert.equal(list.statusCode, 200);
      const text = words(list.body);
      const homeAt = text.indexOf(`${home.name} · 4 units`);
      const eastAt = text.indexOf('East warehouse · 2 units');
      assert.ok(homeAt >= 0 && eastAt > homeAt, `the default location first: ${text}`);
      const homePart = text.slice(homeAt, eastAt);
      assert.match(homePart, new RegExp(`Teapot 3 ${order.number} × 2 ${other.number} × 1`));
      assert.match(homePart, new RegExp(`Vase 1 ${order.number} × 1`));
      assert.match(text.slice(eastAt), new RegExp(`Vase 2 ${order.number} × 2`));
      assert.doesNotMatch(list.body, /class="admin-nav"[^>]*print/);

      // The teapots and the home vase go into a parcel: only the east vases are left to pick.
      const packed = await packByForm(order);
      assert.equal(packed.statusCode, 303, words(packed.body));
      const after = words((await lead.get(`/admin/fulfillment/pick-list?orders=${order.number}`)).body);
      assert.doesNotMatch(after, new RegExp(`${home.name} ·`));
      assert.match(after, new RegExp(`East warehouse · 2 units .*Vase 2 ${order.number} × 2`));

      const unknown = words((await lead.get(`/admin/fulfillment/pick-list?orders=${UNKNOWN_ORDER}`)).body);
      assert.match(unknown, new RegExp(`No order has the number ${UNKNOWN_ORDER}\\.`));
    });

    it('lists every order in preparation when no order is named', async () => {
      const { order } = await placeTestOrder(store, [[mug, 4]]);
      await lead.get('/admin/fulfillment');
      await lead.post('/admin/fulfillment/start', { one: order.number });
      const text = words((await lead.get('/admin/fulfillment/pick-list')).body);
      assert.match(text, /Every order in preparation \(\d+\)/);
      assert.match(text, new RegExp(`${order.number} × 4`));
    });
  });

  describe('packing through the form', () => {
    it('packs a parcel from one location: only what that location holds is offered', async () => {
      await stockVases(1, 2);
      const { order } = await placeTestOrder(store, [
        [vase, 3],
        [mug, 1],
      ]);
      const page = await lead.get(orderPath(order));
      const text = words(page.body);
      assert.match(text, /Vase SKU \S+ 3 0 0 3 At \S.* 1 0 0 1 At East warehouse 2 0 0 2/);
      const fields = formFields(page.body, `${orderPath(order)}/parcels`);
      assert.equal(fields.get(`qty-${lineOf(order, vase).id}`), '1', 'one vase at home');
      assert.equal(fields.get(`qty-${lineOf(order, mug).id}`), '1');
      assert.equal(fields.get('carrier'), 'usps', 'the carrier the customer chose');

      const tracking = generateTrackingNumber('usps');
      const packed = await packByForm(order, { trackingNumber: tracking });
      assert.equal(packed.statusCode, 303);
      assert.match(packed.headers.location as string, new RegExp(`^${orderPath(order)}\\?notice=packed#parcel-`));
      const [parcel] = await parcelsOf(order);
      assert.equal(parcel!.trackingNumber, tracking);
      assert.deepEqual(parcel!.lines.map((l) => l.quantity).sort(), [1, 1]);
      assert.equal(await statusOf(order), 'in_preparation');

      // From the east warehouse the form offers the two vases and nothing else.
      const eastPage = await lead.get(`${orderPath(order)}?location=${east}`);
      const eastFields = formFields(eastPage.body, `${orderPath(order)}/parcels`);
      assert.equal(eastFields.get('locationId'), east);
      assert.equal(eastFields.get(`qty-${lineOf(order, vase).id}`), '2');
      assert.equal(eastFields.has(`qty-${lineOf(order, mug).id}`), false);
      const second = await packByForm(order, {}, east);
      assert.equal(second.statusCode, 303);
      assert.equal(await statusOf(order), 'prepared');
      assert.match(words((await lead.get(orderPath(order))).body), /Every unit of this order is in a parcel\./);
    });

    it('refuses more than was ordered with the message and what was typed, and writes nothing', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 2]]);
      const tracking = generateTrackingNumber('usps');
      const refused = await packByForm(order, { [`qty-${lineOf(order, teapot).id}`]: '5', service: 'Ground Advantage', trackingNumber: tracking });
      assert.equal(refused.statusCode, 409);
      const text = words(refused.body);
      assert.match(text, /Nothing was packed/);
      assert.match(text, /That is more Teapot than is left to ship\. Order \S+ has 2 ordered and 0 already packed: 2 left, not 5\./);
      const fields = formFields(refused.body, `${orderPath(order)}/parcels`);
      assert.equal(fields.get(`qty-${lineOf(order, teapot).id}`), '5');
      assert.equal(fields.get('service'), 'Ground Advantage');
      assert.equal(fields.get('trackingNumber'), tracking);
      assert.match(refused.body, /aria-invalid="true"[^>]*>|id="field-qty-[^"]+-error"/);
      assert.equal((await parcelsOf(order)).length, 0);
      assert.equal(await statusOf(order), 'validated');

      const typo = await packByForm(order, { [`qty-${lineOf(order, teapot).id}`]: 'two' });
      assert.equal(typo.statusCode, 400);
      assert.match(words(typo.body), /Enter a whole number of units, or 0 to leave it out\./);
      const empty = await packByForm(order, { [`qty-${lineOf(order, teapot).id}`]: '0' });
      assert.equal(empty.statusCode, 400);
      assert.match(words(empty.body), /Put at least one item in the parcel/);
      assert.equal((await parcelsOf(order)).length, 0);
    });

    it('refuses a tracking number that is not the carrier’s, naming the format, or one already used', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 2]]);
      const refused = await packByForm(order, { carrier: 'ups', service: 'Ground', trackingNumber: '1Z123' });
      assert.equal(refused.statusCode, 400);
      const text = words(refused.body);
      assert.match(text, /That is not a valid tracking number\. A UPS tracking number is 1Z followed by 16 letters and digits/);
      assert.match(refused.body, /id="field-trackingNumber-error"/);
      const fields = formFields(refused.body, `${orderPath(order)}/parcels`);
      assert.equal(fields.get('trackingNumber'), '1Z123');
      assert.equal(fields.get('carrier'), 'ups');
      assert.equal((await parcelsOf(order)).length, 0);

      const used = (await placeTestOrder(store, [[teapot, 1]])).order;
      const tracking = generateTrackingNumber('usps');
      assert.equal((await packByForm(used, { trackingNumber: tracking })).statusCode, 303);
      const taken = await packByForm(order, { trackingNumber: tracking });
      assert.equal(taken.statusCode, 409);
      assert.match(words(taken.body), /That tracking number is already on another parcel/);
      assert.equal((await parcelsOf(order)).length, 0);
    });
  });

  describe('other refusals of the pack form', () => {
    it('names the carrier, the service, the location and the unpaid order it refuses, beside the field', async () => {
      await stockVases(0, 2);
      const { order } = await placeTestOrder(store, [
        [vase, 2],
        [mug, 1],
      ]);
      const carrier = await packByForm(order, { carrier: 'royalmail' });
      assert.equal(carrier.statusCode, 400);
      assert.match(words(carrier.body), /Choose a carrier\. We ship with UPS, FedEx, USPS and DHL; "royalmail" is not one of them\./);
      assert.match(carrier.body, /id="field-carrier-error"/);

      const service = await packByForm(order, { service: '   ' });
      assert.equal(service.statusCode, 400);
      assert.match(words(service.body), /Name the carrier's service\. For example "Ground"/);
      assert.match(service.body, /id="field-service-error"/);

      // The mug is set aside at the main warehouse, not in the east.
      const fields = await packForm(order, { service: 'Ground', trackingNumber: generateTrackingNumber('usps') }, east);
      fields.set(`qty-${lineOf(order, mug).id}`, '1');
      const elsewhere = await lead.post(`${orderPath(order)}/parcels`, fields);
      assert.equal(elsewhere.statusCode, 409);
      assert.match(words(elsewhere.body), /Mug is not set aside at that location\. This order has 0 unit\(s\) of it to pack there\./);
      assert.match(elsewhere.body, new RegExp(`id="field-qty-${lineOf(order, mug).id}-error"`));
      assert.equal((await parcelsOf(order)).length, 0);

      const unpaid = (await placeTestOrder(store, [[mug, 1]], { pay: false })).order;
      const page = await lead.get(orderPath(unpaid));
      assert.match(words(page.body), /Not paid yet: parcels are packed once the payment is confirmed\./);
      assert.doesNotMatch(page.body, /action="[^"]*\/parcels"/, 'no pack form for an unpaid order');
      const forced = await lead.post(`${orderPath(unpaid)}/parcels`, { locationId: east, [`qty-${lineOf(unpaid, mug).id}`]: '1', carrier: 'usps', service: 'Ground', trackingNumber: generateTrackingNumber('usps') });
      assert.equal(forced.statusCode, 409);
      assert.match(words(forced.body), new RegExp(`Nothing was packed Order ${unpaid.number} is Recorded: nothing to pack\\. It is not paid yet`));
      assert.equal((await parcelsOf(unpaid)).length, 0);
    });
  });

  describe('parcels', () => {
    it('marks parcels shipped: the order is partly shipped, then shipped, and stock on hand drops', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 2],
        [mug, 1],
      ]);
      await packByForm(order, { [`qty-${lineOf(order, mug).id}`]: '0' });
      await packByForm(order);
      const [first, second] = await parcelsOf(order);
      const teapots = await stockFigures(store, teapot);

      await lead.get(orderPath(order));
      const shipped = await lead.post(`/admin/fulfillment/parcels/${first!.id}/ship`, {});
      assert.equal(shipped.statusCode, 303);
      assert.equal(shipped.headers.location, `${orderPath(order)}?notice=shipped#parcel-${first!.id}`);
      assert.equal(await statusOf(order), 'partially_shipped');
      assert.equal((await stockFigures(store, teapot)).level.onHand, teapots.level.onHand - 2, 'the teapots left the shelf');
      const page = await lead.get(shipped.headers.location as string);
      assert.match(words(page.body), /Parcel marked shipped/);
      assert.match(words(page.body), /Parcel 1 of 2 Handed to the carrier/);

      const again = await lead.post(`/admin/fulfillment/parcels/${first!.id}/ship`, {});
      assert.equal(again.headers.location, `${orderPath(order)}?notice=already#parcel-${first!.id}`);
      assert.equal((await stockFigures(store, teapot)).level.onHand, teapots.level.onHand - 2, 'sold once');

      await lead.post(`/admin/fulfillment/parcels/${second!.id}/ship`, {});
      assert.equal(await statusOf(order), 'shipped');
      assert.ok((await parcelsOf(order)).every((p) => p.status === 'shipped' && p.shippedAt));
    });

    it('keeps a parcel in while its order is on hold, or while inventory does not have its units', async () => {
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      await packByForm(order);
      const [parcel] = await parcelsOf(order);
      await store.platform.database.transaction((tx) => transitionOrder(store.platform, tx, order.id, 'on_hold', { kind: 'merchant', reason: 'Address to check' }));
      const page = await lead.get(orderPath(order));
      assert.match(words(page.body), /This order is on hold Nothing is packed or handed to the carrier until it is released\./);
      assert.doesNotMatch(page.body, new RegExp(`action="/admin/fulfillment/parcels/${parcel!.id}/ship"`));
      const held = await lead.post(`/admin/fulfillment/parcels/${parcel!.id}/ship`, {});
      assert.equal(held.statusCode, 409);
      assert.match(words(held.body), /is on hold: the parcel stays here Release the order first/);
      assert.equal((await parcelsOf(order))[0]!.status, 'packed');

      // Sold beyond stock (backorder) and packed before the delivery came in: the shelf is empty.
      const jug = await sellable(store, 2500, 0, 'Jug');
      await setTestPolicy(store, jug, { policy: 'backorder' });
      const backordered = (await placeTestOrder(store, [[jug, 1]])).order;
      assert.equal((await packByForm(backordered)).statusCode, 303);
      const [early] = await parcelsOf(backordered);
      await lead.get(orderPath(backordered));
      const empty = await lead.post(`/admin/fulfillment/parcels/${early!.id}/ship`, {});
      assert.equal(empty.statusCode, 409);
      assert.match(words(empty.body), /The parcel cannot leave: inventory does not have its units Only 0 of the 1 units are on hand to ship\./);
      assert.equal((await parcelsOf(backordered))[0]!.status, 'packed');
      assert.equal(await statusOf(backordered), 'prepared');
    });

    it('removes a parcel still packed, with its lines, and refuses to remove one that left', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 1],
      ]);
      await packByForm(order, { [`qty-${lineOf(order, mug).id}`]: '0' });
      await packByForm(order);
      const [kept, removed] = await parcelsOf(order);
      assert.equal(await statusOf(order), 'prepared');

      await lead.get(orderPath(order));
      const gone = await lead.post(`/admin/fulfillment/parcels/${removed!.id}/remove`, {});
      assert.equal(gone.statusCode, 303);
      assert.equal(gone.headers.location, `${orderPath(order)}?notice=removed`);
      assert.deepEqual(
        (await parcelsOf(order)).map((p) => p.id),
        [kept!.id],
      );
      const lines = await rows<{ n: number }>(db(), sql`select count(*)::int as n from shipment_lines where shipment_id = ${removed!.id}`);
      assert.equal(lines[0]!.n, 0, 'its lines went with it');
      assert.equal(await statusOf(order), 'in_preparation', 'with units to pack again, the order is back in preparation');
      const page = await lead.get(`${orderPath(order)}?notice=removed`);
      const text = words(page.body);
      assert.match(text, /Parcel removed/);
      assert.match(text, /Mug SKU \S+ 1 0 0 1/, 'the mug is to pack again');
      assert.equal(formFields(page.body, `${orderPath(order)}/parcels`).get(`qty-${lineOf(order, mug).id}`), '1');

      await lead.post(`/admin/fulfillment/parcels/${kept!.id}/ship`, {});
      const refused = await lead.post(`/admin/fulfillment/parcels/${kept!.id}/remove`, {});
      assert.equal(refused.statusCode, 409);
      assert.match(words(refused.body), /has left the warehouse: it cannot be removed It is handed to the carrier \(USPS\)/);
      assert.equal((await parcelsOf(order)).length, 1, 'the parcel that left stays');

      assert.equal((await lead.post(`/admin/fulfillment/parcels/${crypto.randomUUID()}/remove`, {})).statusCode, 404);
      assert.equal((await lead.post('/admin/fulfillment/parcels/not-an-id/ship', {})).statusCode, 400);
    });

    it('prints a packing slip: store, order, ship-to, parcel n of m, its items, what follows, carrier and tracking', async () => {
      const { order } = await placeTestOrder(store, [
        [teapot, 2],
        [mug, 3],
      ]);
      const tracking = generateTrackingNumber('usps');
      await packByForm(order, { [`qty-${lineOf(order, mug).id}`]: '1', trackingNumber: tracking });
      await packByForm(order);
      const [first] = await parcelsOf(order);
      const slip = await lead.get(`/admin/fulfillment/parcels/${first!.id}/slip`);
      assert.equal(slip.statusCode, 200);
      assert.doesNotMatch(slip.body, /class="admin-nav"|class="admin-header"/, 'no admin frame');
      const text = words(slip.body);
      assert.match(text, /Doorstep Packing slip Order DS-/);
      assert.match(text, new RegExp(`Order ${order.number} `));
      assert.match(text, /Parcel 1 of 2 Carrier USPS Priority Mail/);
      assert.match(text, new RegExp(`Tracking number ${tracking}`));
      assert.match(text, new RegExp(`Ship to ${order.shippingAddress.name} ${order.shippingAddress.line1}`));
      const contents = order.lines.map((l) => `${l.productTitle} ${l.sku} ${l.variantId === teapot ? 2 : 1}`).join(' ');
      assert.match(text, new RegExp(`In this parcel Item SKU Quantity ${contents} In other parcels`), 'the items in the order the customer saw them');
      assert.match(text, /In other parcels These items of your order come separately: 2 × Mug/);

      assert.equal((await agent.get(`/admin/fulfillment/parcels/${first!.id}/slip`)).statusCode, 403);
      assert.equal((await lead.get(`/admin/fulfillment/parcels/${crypto.randomUUID()}/slip`)).statusCode, 404);
    });
  });
});
