// Where's my stuff, as the customer and staff see it: the order page's timeline with every
// step's time as parcels are packed, shipped, out for delivery and delivered; the current step
// and the delivery estimate in words (the carrier's newest estimate, else the promise); each
// parcel with its tracking link, exception and scans; the counted redirect to the carrier;
// views recorded by who looked; the order found by its tracking number; strangers get 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { formatDateTime } from '../../../web/dates.ts';
import { allocatedLines } from '../../inventory/index.ts';
import { writeOrderViews, type Order } from '../../orders/index.ts';
import { updateStoreProfile } from '../../site/index.ts';
import { generateTrackingNumber } from '../carriers/numbers/index.ts';
import { shipments, trackingEvents } from '../schema.ts';
import { packShipment, type PackRequest } from '../shipments/pack.ts';
import { moveShipment } from '../shipments/progress.ts';
import type { ShipmentStatus, TrackingCode } from '../states.ts';

describe('fulfillment: tracking', () => {
  // Monday 23 November 2026, 10:00 in New York.
  const START = '2026-11-23T15:00:00Z';
  const clock = fixedClock(START);
  const HOUR = 60 * 60 * 1000;
  let store: TestStore;
  let teapot: string;
  let mug: string;

  before(async () => {
    store = await orderingStore(clock);
    teapot = await sellable(store, 4000, 50, 'Teapot');
    mug = await sellable(store, 1200, 50, 'Mug');
    // The store writes dates the British way: "Thursday 26 November".
    await store.platform.database.transaction((tx) => updateStoreProfile(store.platform, tx, { locale: 'en-GB' }));
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };
  const time = (at: Date) => formatDateTime(at, 'en-GB', 'America/New_York');
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, ' ');

  async function pack(order: Order, lines: [variantId: string, quantity: number][], overrides: Partial<PackRequest> = {}) {
    const [allocated] = await allocatedLines(db(), order.number);
    const request: PackRequest = {
      orderId: order.id,
      locationId: allocated!.locationId,
      lines: lines.map(([variantId, quantity]) => ({ orderLineId: order.lines.find((l) => l.variantId === variantId)!.id, quantity })),
      carrier: 'ups',
      service: 'Ground',
      trackingNumber: generateTrackingNumber('ups'),
      ...overrides,
    };
    return store.platform.database.transaction((tx) => packShipment(store.platform, tx, request, merchant));
  }

  const move = (shipmentId: string, to: ShipmentStatus) => store.platform.database.transaction((tx) => moveShipment(store.platform, tx, shipmentId, to, { kind: 'system' }));

  /** A carrier scan, as the carriers' ingestion records it. */
  async function scan(shipmentId: string, code: TrackingCode, detail: string, location: string, estimate?: { earliest: string; latest: string }) {
    const now = clock.now();
    await db()
      .insert(trackingEvents)
      .values({ id: crypto.randomUUID(), shipmentId, carrierEventId: `evt-${crypto.randomUUID()}`, code, detail, location, occurredAt: now, receivedAt: now, estimateEarliest: estimate?.earliest ?? null, estimateLatest: estimate?.latest ?? null });
    await db()
      .update(shipments)
      .set({ lastScanAt: now, ...(estimate ? { estimateEarliest: estimate.earliest, estimateLatest: estimate.latest } : {}), ...(code === 'exception' || code === 'delayed' ? { exception: detail } : {}) })
      .where(eq(shipments.id, shipmentId));
  }

  /** The views written so far, with those still waiting in memory. */
  async function viewsOf(orderId: string) {
    await writeOrderViews(store.platform);
    return rows<{ kind: string; viewer: string }>(db(), sql`select kind, viewer from order_views where order_id = ${orderId} order by at, kind`);
  }

  describe('the order page as the parcels travel', () => {
    it('shows every step with its time, the current one in words and the estimate from the parcels', async () => {
      clock.set(START);
      const { order, orderPath, shopper } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 2],
      ]);
      const page = async () => {
        const response = await shopper.page(orderPath);
        assert.equal(response.statusCode, 200);
        return response.body;
      };
      const placedAt = clock.now();

      clock.advance(HOUR);
      const first = await pack(order, [[teapot, 1]]);
      // The carrier's estimate replaces the store's as scans arrive.
      await db().update(shipments).set({ estimateEarliest: '2026-11-26', estimateLatest: '2026-11-26' }).where(eq(shipments.id, first.id));
      let body = text(await page());
      assert.match(body, /Now: In preparation /);
      assert.match(body, new RegExp(`Recorded \\(done\\) ${time(placedAt)} Payment confirmed \\(done\\) ${time(placedAt)} In preparation \\(current step\\) ${time(clock.now())} Prepared \\(to come\\)`));
      assert.match(body, /Your parcel Parcel 1 of 1 Packed, waiting for the carrier/);
      assert.match(body, /Still to be packed .*2 × Mug/, 'the mugs are not in a parcel yet');

      clock.advance(HOUR);
      const second = await pack(order, [[mug, 2]], { carrier: 'usps', service: 'Priority Mail', trackingNumber: generateTrackingNumber('usps') });
      await db().update(shipments).set({ estimateEarliest: '2026-11-26', estimateLatest: '2026-11-27' }).where(eq(shipments.id, second.id));
      const preparedAt = clock.now();
      body = text(await page());
      assert.match(body, /Now: Prepared Arrives Thursday 26 – Friday 27 November /, 'the slower parcel sets the date');
      assert.doesNotMatch(body, /Still to be packed/);

      clock.advance(HOUR);
      await move(first.id, 'shipped');
      const partlyAt = clock.now();
      clock.advance(HOUR);
      await move(second.id, 'shipped');
      const shippedAt = clock.now();
      await scan(second.id, 'in_transit', 'Arrived at facility', 'Secaucus, NJ', { earliest: '2026-11-26', latest: '2026-11-26' });
      body = text(await page());
      assert.match(body, /Now: Shipped Arrives Thursday 26 November /, 'the carrier’s newest estimate wins');

      clock.set('2026-11-26T13:00:00Z');
      await move(first.id, 'out_for_delivery');
      await move(second.id, 'out_for_delivery');
      const outAt = clock.now();
      body = text(await page());
      assert.match(body, /Now: Out for delivery — arrives today /);

      clock.advance(5 * HOUR);
      await move(first.id, 'delivered');
      await move(second.id, 'delivered');
      const deliveredAt = clock.now();
      const html = await page();
      body = text(html);
      assert.match(body, /Now: Delivered /);
      assert.doesNotMatch(body, /Arrives/, 'no estimate once it is there');
      const timeline = [
        ['Recorded', placedAt],
        ['Payment confirmed', placedAt],
        ['In preparation', new Date(placedAt.getTime() + HOUR)],
        ['Prepared', preparedAt],
        ['Partly shipped', partlyAt],
        ['Shipped', shippedAt],
        ['Out for delivery', outAt],
        ['Delivered', deliveredAt],
      ] as const;
      const expected = timeline.map(([label, at], i) => `${label} \\(${i === timeline.length - 1 ? 'current step' : 'done'}\\) ${time(at)}`).join(' ');
      assert.match(body, new RegExp(expected), 'every step with its time, partly shipped included');
      assert.doesNotMatch(body, /\(to come\)/);
      assert.equal((html.match(/aria-current="step"/g) ?? []).length, 1);
      assert.match(body, /Parcel 1 of 2 Delivered Delivered /);
    });

    it('says the estimate from the lines’ promise before any parcel exists, and when it is late', async () => {
      clock.set(START);
      const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);
      const promise = order.lines[0]!.promise;
      assert.ok(promise.latest, 'the demo shipping promises dates');
      let body = text((await shopper.page(orderPath)).body);
      assert.match(body, /Now: Payment confirmed Arrives \w+day \d+/);

      const parcel = await pack(order, [[teapot, 1]]);
      await move(parcel.id, 'shipped');
      clock.set('2026-12-31T15:00:00Z');
      body = text((await shopper.page(orderPath)).body);
      assert.match(body, /It was due by \w+day \d+ \w+ and is running late\./);
      clock.set(START);
    });
  });

  describe('the parcels section', () => {
    it('shows each parcel with its items, carrier, tracking link, exception in plain words and scans newest first', async () => {
      clock.set(START);
      const { order, orderPath, shopper } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 1],
      ]);
      const first = await pack(order, [[teapot, 1]]);
      await pack(order, [[mug, 1]], { carrier: 'usps', service: 'Priority Mail', trackingNumber: generateTrackingNumber('usps') });
      await move(first.id, 'shipped');
      clock.advance(HOUR);
      await scan(first.id, 'in_transit', 'Arrived at facility', 'Secaucus, NJ');
      const inTransitAt = clock.now();
      clock.advance(HOUR);
      await scan(first.id, 'exception', 'ADDRESS INCOMPLETE - APARTMENT NUMBER MISSING', 'Albany, NY');
      const exceptionAt = clock.now();

      const html = (await shopper.page(orderPath)).body;
      const body = text(html);
      assert.match(body, /Your parcels Parcel 1 of 2 Handed to the carrier/);
      assert.match(body, /The carrier has a question about the address The carrier could not complete the delivery with the address as it is written\. We are checking the address with the carrier now\./);
      assert.match(body, new RegExp(`Carrier UPS Ground Tracking number ${first.trackingNumber} \\(opens UPS’s tracking page\\) In this parcel 1 × Teapot`));
      assert.match(body, new RegExp(`What the carrier reported ${time(exceptionAt)} ADDRESS INCOMPLETE - APARTMENT NUMBER MISSING Albany, NY`), 'newest scan first, in the carrier’s words with its place');
      assert.ok(body.indexOf(time(exceptionAt)) < body.indexOf(`${time(inTransitAt)} Arrived at facility Secaucus, NJ`), 'the exception before the older scan');
      assert.match(body, /Parcel 2 of 2 Packed, waiting for the carrier .*USPS Priority Mail .*1 × Mug .*No scans yet/);
      const link = new RegExp(`href="(/orders/${order.number}/parcels/1/track\\?t=[^"]+)"`).exec(html);
      assert.ok(link, 'the guest’s tracking link goes through our redirect with their signed link');
    });

    it('gives staff the same with who packed it, the timestamps and the carrier’s own words', async () => {
      clock.set(START);
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const parcel = await pack(order, [[teapot, 1]]);
      await move(parcel.id, 'shipped');
      await scan(parcel.id, 'delayed', 'Weather delay', 'Memphis, TN', { earliest: '2026-11-30', latest: '2026-12-01' });
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      const page = await agent.get(`/admin/orders/${order.number}`);
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Parcels Parcel 1 of 1 Handed to the carrier/);
      assert.match(body, /Bad weather is holding the parcel up/);
      assert.match(body, /Carrier’s words: Weather delay/);
      assert.match(body, new RegExp(`Packed ${time(parcel.createdAt)} by merchant:staff-1`));
      assert.match(body, /Estimate Mon 30 Nov\s–\sTue 1 Dec/);
      assert.match(body, /delayed · received/);
      assert.match(page.body, new RegExp(`href="https://wwwapps\\.ups\\.com/WebTracking/track\\?track=yes&amp;trackNums=${parcel.trackingNumber}"`), 'staff go straight to the carrier');
    });

    it('says nothing about parcels before there are any', async () => {
      clock.set(START);
      const { orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);
      const body = text((await shopper.page(orderPath)).body);
      assert.doesNotMatch(body, /Your parcel|Still to be packed/);
    });
  });

  describe('the tracking link and the views', () => {
    it('counts the click and sends the customer to the carrier, without the signed link in a Referer', async () => {
      clock.set(START);
      const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);
      const parcel = await pack(order, [[teapot, 1]]);
      const html = (await shopper.page(orderPath)).body;
      const href = new RegExp(`href="(/orders/${order.number}/parcels/1/track\\?t=[^"]+)"`).exec(html)![1]!.replace(/&amp;/g, '&');
      const click = await shopper.page(href);
      assert.equal(click.statusCode, 302);
      assert.equal(click.headers.location, `https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=${parcel.trackingNumber}`);
      assert.equal(click.headers['referrer-policy'], 'no-referrer');
      assert.deepEqual(await viewsOf(order.id), [
        { kind: 'page_view', viewer: 'link' },
        { kind: 'tracking_click', viewer: 'link' },
      ]);
    });

    it('answers 404 to a guest without the signed link, for the page and the tracking link alike, and counts nothing', async () => {
      clock.set(START);
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      await pack(order, [[teapot, 1]]);
      const stranger = new Browser(store);
      const page = await stranger.get(`/orders/${order.number}`);
      assert.equal(page.statusCode, 404);
      assert.doesNotMatch(page.body, /Teapot|Parcel/);
      const click = await stranger.get(`/orders/${order.number}/parcels/1/track`);
      assert.equal(click.statusCode, 404);
      assert.equal(click.headers.location, undefined);
      const forged = await stranger.get(`/orders/${order.number}/parcels/1/track?t=nonsense`);
      assert.equal(forged.statusCode, 404);
      assert.deepEqual(await viewsOf(order.id), []);
    });

    it('answers 404 for a parcel the order does not have', async () => {
      clock.set(START);
      const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);
      await pack(order, [[teapot, 1]]);
      const token = new URL(orderPath, 'http://x').searchParams.get('t')!;
      assert.equal((await shopper.page(`/orders/${order.number}/parcels/2/track?t=${encodeURIComponent(token)}`)).statusCode, 404);
      assert.equal((await shopper.page(`/orders/${order.number}/parcels/0/track?t=${encodeURIComponent(token)}`)).statusCode, 400, 'parcels count from 1');
    });

    it('records staff views of the customer’s page as staff, never as a customer’s', async () => {
      clock.set(START);
      const { order } = await placeTestOrder(store, [[teapot, 1]]);
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      assert.equal((await agent.get(`/orders/${order.number}`)).statusCode, 200);
      assert.deepEqual(await viewsOf(order.id), [{ kind: 'page_view', viewer: 'staff' }]);
    });
  });

  describe('finding an order by tracking number', () => {
    it('finds it however the number is typed, and lists the number of parcels', async () => {
      clock.set(START);
      const { order } = await placeTestOrder(store, [
        [teapot, 1],
        [mug, 1],
      ]);
      const parcel = await pack(order, [[teapot, 1]]);
      await pack(order, [[mug, 1]]);
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      const typed = parcel.trackingNumber.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
      const found = await agent.get(`/admin/orders?q=${encodeURIComponent(typed)}`);
      assert.equal(found.statusCode, 200);
      const numbers = [...found.body.matchAll(/href="\/admin\/orders\/(DS-[A-Z0-9-]+)"/g)].map((m) => m[1]);
      assert.deepEqual(numbers, [order.number]);
      assert.match(text(found.body), /Status Payment Parcels/);
      assert.match(text(found.body), new RegExp(`${order.number} .* In preparation|${order.number} .* Prepared`));
      assert.match(found.body, /<td class="num">2<\/td><\/tr>/, 'two parcels');
      const unknown = await agent.get(`/admin/orders?q=${encodeURIComponent(generateTrackingNumber('ups'))}`);
      assert.match(text(unknown.body), /No order matches/);
    });
  });
});
