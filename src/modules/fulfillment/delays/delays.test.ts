// The delay checks, driven with a fixed clock as the job drives them every 15 minutes: each of
// the four causes is found once (a second run records nothing, publishes nothing, opens no
// ticket), `delivery.delayed` reaches the outbox once per delay, the order's delay ticket is
// opened once and then updated, the order page shows the new dates until the delay is over,
// delivered orders are left alone, and one order that cannot be recorded does not stop the rest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { formatDayRange } from '../../../platform/calendar.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { rows } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { addTestSupply, setTestPolicy } from '../../../testing/inventory.ts';
import { orderingStore, placeTestOrder, sellable } from '../../../testing/orders.ts';
import type { TestStore } from '../../../testing/store.ts';
import { allocatedLines, restockOutlook } from '../../inventory/index.ts';
import { estimateWords, type Order } from '../../orders/index.ts';
import { ticketMessagesOf, ticketsForOrder } from '../../support/index.ts';
import { generateTrackingNumber } from '../carriers/numbers/index.ts';
import { shipmentException } from '../events.ts';
import { shipments, trackingEvents } from '../schema.ts';
import { packShipment } from '../shipments/pack.ts';
import { moveShipment } from '../shipments/progress.ts';
import { shipmentById } from '../shipments/read.ts';
import { DELAYS_PATH } from './admin.tsx';
import { runDelayChecks } from './check.ts';
import { delaysOfOrder } from './read.ts';
import { readDelaySettings, saveDelaySettings } from './settings.ts';
import { setShipmentEstimate } from './estimate.ts';

// Monday 2 March 2026, 10:00 in New York (the store's zone): before the 14:00 cut-off, so an
// order ships Tuesday 3 March (one processing day) and arrives in 3 to 5 business days (Standard).
const MONDAY = '2026-03-02T15:00:00Z';
const at = (localDay: string, hour = 10) => `${localDay}T${String(hour + 5).padStart(2, '0')}:00:00Z`;

const merchant = { kind: 'merchant' as const, id: 'staff-1' };
const carrier = { kind: 'system' as const };

function suite(name: string, worker: boolean, body: (get: () => { store: TestStore; clock: ReturnType<typeof fixedClock> }) => void) {
  describe(name, () => {
    const clock = fixedClock(MONDAY);
    let store: TestStore;
    before(async () => {
      store = await orderingStore(clock, { worker });
    });
    after(() => store.close());
    body(() => ({ store, clock }));
  });
}

function helpers(get: () => { store: TestStore; clock: ReturnType<typeof fixedClock> }) {
  const db = () => get().store.platform.database.db;
  const platform = () => get().store.platform;
  return {
    db,
    run: () => runDelayChecks(platform()),
    delays: (order: Order) => delaysOfOrder(db(), order.id),
    delayedEvents: async (order: Order) =>
      rows<{ payload: { delayId: string; kind: string; shipmentId: string | null } }>(db(), sql`select payload from domain_events where type = 'delivery.delayed' and payload->>'orderId' = ${order.id} order by occurred_at`),
    delayTickets: async (order: Order) => (await ticketsForOrder(db(), order.id)).filter((t) => t.channel === 'delay_alert'),
    async pack(order: Order) {
      const [line] = await allocatedLines(db(), order.number);
      return platform().database.transaction((tx) =>
        packShipment(
          platform(),
          tx,
          { orderId: order.id, locationId: line!.locationId, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })), carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups') },
          merchant,
        ),
      );
    },
    move: (shipmentId: string, to: 'shipped' | 'in_transit' | 'delivered') => platform().database.transaction((tx) => moveShipment(platform(), tx, shipmentId, to, carrier)),
    /** What the carrier ingestion does with a scan: the parcel's last scan time. */
    scan: (shipmentId: string) => db().update(shipments).set({ lastScanAt: platform().clock.now() }).where(eq(shipments.id, shipmentId)),
    /** What the carrier ingestion does with an exception: the tracking event, the note on the parcel, and the event. */
    async exception(shipmentId: string, detail: string, estimate?: { earliest: string; latest: string }) {
      const parcel = (await shipmentById(db(), shipmentId))!;
      const now = platform().clock.now();
      const id = newId();
      await platform().database.transaction(async (tx) => {
        await tx.insert(trackingEvents).values({ id, shipmentId, carrierEventId: `evt-${id}`, code: 'exception', detail, occurredAt: now, receivedAt: now, estimateEarliest: estimate?.earliest ?? null, estimateLatest: estimate?.latest ?? null });
        await tx
          .update(shipments)
          .set({ exception: detail, lastScanAt: now, ...(estimate ? { estimateEarliest: estimate.earliest, estimateLatest: estimate.latest } : {}) })
          .where(eq(shipments.id, shipmentId));
        await platform().events.publish(tx, shipmentException, { shipmentId, orderId: parcel.orderId, orderNumber: parcel.orderNumber, status: parcel.status, trackingEventId: id });
      });
      return id;
    },
  };
}

suite('delay checks', false, (get) => {
  const h = helpers(get);
  let teapot: string;
  let kettle: string;
  before(async () => {
    teapot = await sellable(get().store, 4000, 500, 'Teapot');
    kettle = await sellable(get().store, 6000, 0, 'Kettle');
    await setTestPolicy(get().store, kettle, { policy: 'backorder' });
  });

  it('flags an order not shipped by its ship day once, then again when the new ship day passes too, in one ticket', async () => {
    const { store, clock } = get();
    clock.set(MONDAY);
    const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 2]]);
    assert.equal(order.lines[0]!.promise.shipsOn, '2026-03-03');

    clock.set(at('2026-03-03', 19));
    await h.run();
    assert.deepEqual(await h.delays(order), [], 'the ship day is not over yet');

    clock.set(at('2026-03-04'));
    const first = await h.run();
    assert.ok(first.recorded >= 1);
    const [delay] = await h.delays(order);
    assert.equal(delay!.kind, 'processing');
    assert.equal(delay!.revision, 'missed:2026-03-03');
    assert.equal(delay!.newShipsOn, '2026-03-05', 'one business day from today');
    assert.deepEqual([delay!.newEarliest, delay!.newLatest], ['2026-03-10', '2026-03-12'], 'Standard: 3 to 5 business days after the new ship day');
    assert.equal(delay!.resolvedAt, null);

    const again = await h.run();
    assert.equal((await h.delays(order)).length, 1, 'a second run records nothing');
    assert.equal(again.recorded, 0);
    const events = await h.delayedEvents(order);
    assert.equal(events.length, 1, 'delivery.delayed reaches the outbox once');
    assert.deepEqual(events[0]!.payload, { delayId: delay!.id, orderId: order.id, orderNumber: order.number, kind: 'processing', shipmentId: null });
    const tickets = await h.delayTickets(order);
    assert.equal(tickets.length, 1);
    assert.equal(tickets[0]!.priority, 'high');
    assert.deepEqual(tickets[0]!.tags, ['delay']);
    assert.equal(delay!.ticketId, tickets[0]!.id);

    const page = await shopper.page(orderPath);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Your delivery is delayed/);
    assert.ok(page.body.includes(formatDayRange('2026-03-10', '2026-03-12', 'en-US')), 'the new dates');
    assert.match(page.body, /We are sorry/);
    assert.match(page.body, /it now leaves by Thu, Mar 5/);
    const words = (earliest: string, latest: string) => estimateWords({ earliest, latest }, { locale: 'en-US', timeZone: 'America/New_York' }, clock.now())!.text;
    assert.ok(page.body.includes(words('2026-03-10', '2026-03-12')), 'the order’s “Arrives …” sentence follows the revised promise');
    assert.ok(!page.body.includes(words('2026-03-06', '2026-03-10')), 'not the promise made at checkout');

    // The revised ship day passes as well: a new problem, told once, in the same ticket.
    clock.set(at('2026-03-06'));
    await h.run();
    await h.run();
    const delays = await h.delays(order);
    assert.deepEqual(
      delays.map((d) => d.revision),
      ['missed:2026-03-05', 'missed:2026-03-03'],
    );
    assert.equal((await h.delayedEvents(order)).length, 2);
    const still = await h.delayTickets(order);
    assert.equal(still.length, 1, 'the open ticket is updated, not duplicated');
    const messages = await ticketMessagesOf(h.db(), still[0]!.id);
    assert.deepEqual(
      messages.map((m) => m.kind),
      ['system', 'internal_note'],
    );
    assert.match(messages[1]!.body, /Not shipped by 2026-03-05/);

    // It ships: the delays are over and the page stops saying it is late.
    const parcel = await h.pack(order);
    await h.move(parcel.id, 'shipped');
    const swept = await h.run();
    assert.ok(swept.resolved >= 2);
    assert.ok((await h.delays(order)).every((d) => d.resolvedAt !== null));
    assert.doesNotMatch((await shopper.page(orderPath)).body, /Your delivery is delayed/);
  });

  it('flags a parcel without a carrier scan for two business days once, revising its estimate, until it is scanned again', async () => {
    const { store, clock } = get();
    clock.set(at('2026-03-09'));
    const { order } = await placeTestOrder(store, [[teapot, 1]]);
    const parcel = await h.pack(order);
    await h.move(parcel.id, 'shipped');
    await h.scan(parcel.id);

    clock.set(at('2026-03-11', 18));
    await h.run();
    assert.deepEqual(await h.delays(order), [], 'Tuesday and Wednesday without a scan is not yet two whole business days');

    clock.set(at('2026-03-12'));
    // Two runs at once (two instances, or a run that outlasted its 15 minutes) still act once.
    await Promise.all([h.run(), h.run()]);
    await h.run();
    const delays = await h.delays(order);
    assert.equal(delays.length, 1);
    const [delay] = delays;
    assert.equal(delay!.kind, 'no_scan');
    assert.equal(delay!.shipmentId, parcel.id);
    assert.deepEqual([delay!.newEarliest, delay!.newLatest], ['2026-03-17', '2026-03-19'], 'Standard transit again from Thursday');
    const revised = (await shipmentById(h.db(), parcel.id))!;
    assert.deepEqual([revised.estimateEarliest, revised.estimateLatest], ['2026-03-17', '2026-03-19'], 'the parcel’s estimate follows');
    assert.deepEqual(
      (await h.delayedEvents(order)).map((e) => [e.payload.kind, e.payload.shipmentId]),
      [['no_scan', parcel.id]],
    );
    assert.equal((await h.delayTickets(order)).length, 1);

    await h.scan(parcel.id);
    await h.run();
    assert.notEqual((await h.delays(order))[0]!.resolvedAt, null, 'a new scan ends it');
  });

  it('flags a carrier exception once, with the carrier’s new estimate, and adds it to the order’s open delay ticket', async () => {
    const { store, clock } = get();
    clock.set(at('2026-03-16'));
    const { order, orderPath, shopper } = await placeTestOrder(store, [[teapot, 1]]);
    const parcel = await h.pack(order);
    await h.move(parcel.id, 'shipped');
    const eventId = await h.exception(parcel.id, 'Address incomplete: apartment number missing', { earliest: '2026-03-23', latest: '2026-03-24' });

    await h.run();
    await h.run();
    const [delay, ...more] = await h.delays(order);
    assert.equal(more.length, 0);
    assert.equal(delay!.kind, 'carrier_exception');
    assert.equal(delay!.revision, `event:${eventId}`);
    assert.deepEqual([delay!.newEarliest, delay!.newLatest], ['2026-03-23', '2026-03-24']);
    assert.equal((await h.delayedEvents(order)).length, 1);
    const page = (await shopper.page(orderPath)).body;
    assert.match(page, /UPS told us about a problem with your parcel: “Address incomplete: apartment number missing”/);
    assert.ok(page.includes(formatDayRange('2026-03-23', '2026-03-24', 'en-US')));

    // Days later the parcel is still stuck and quiet: the exception explains it, no second alarm.
    clock.set(at('2026-03-20'));
    await h.run();
    assert.equal((await h.delays(order)).length, 1);

    // A second exception is a new problem: a second delay, one ticket with a note added.
    await h.exception(parcel.id, 'Delivery attempted: business closed');
    await h.run();
    assert.equal((await h.delays(order)).length, 2);
    assert.equal((await h.delayedEvents(order)).length, 2);
    const tickets = await h.delayTickets(order);
    assert.equal(tickets.length, 1);
    assert.equal((await ticketMessagesOf(h.db(), tickets[0]!.id)).length, 2);

    // Delivered: over, and nothing more is flagged however long it has been.
    await h.move(parcel.id, 'delivered');
    clock.set(at('2026-04-20'));
    await h.run();
    assert.ok((await h.delays(order)).every((d) => d.resolvedAt !== null));
    assert.equal((await h.delays(order)).length, 2);
  });

  it('flags a backorder whose supply now comes later than the promised ship day, once per slip', async () => {
    const { store, clock } = get();
    clock.set(at('2026-03-23'));
    await addTestSupply(store, kettle, 3, '2026-03-30');
    const { order, orderPath, shopper } = await placeTestOrder(store, [[kettle, 1]]);
    assert.equal(order.lines[0]!.promise.state, 'backorder');
    assert.equal(order.lines[0]!.promise.shipsOn, '2026-03-31', 'the day after the supply is due');

    await h.run();
    assert.deepEqual(await h.delays(order), [], 'on time while the supply is on time');

    // The supplier moves the delivery a week (as the inventory admin's supply page records it).
    await rows(h.db(), sql`update inbound_supply set expected_on = '2026-04-06' where variant_id = ${kettle}`);
    await h.run();
    await h.run();
    const [delay, ...more] = await h.delays(order);
    assert.equal(more.length, 0);
    assert.equal(delay!.kind, 'backorder');
    assert.equal(delay!.variantId, kettle);
    assert.equal(delay!.newShipsOn, '2026-04-07');
    assert.deepEqual([delay!.newEarliest, delay!.newLatest], ['2026-04-10', '2026-04-14']);
    assert.equal((await h.delayedEvents(order)).length, 1);
    assert.equal((await h.delayTickets(order)).length, 1);
    assert.match((await shopper.page(orderPath)).body, /Kettle reaches our warehouse later than our supplier first told us/);

    // The old ship day passes: the customer already has the later one, so it is not "missed".
    clock.set(at('2026-04-01'));
    await h.run();
    assert.equal((await h.delays(order)).length, 1);
  });

  it('dates each backorder after the ones placed before it', async () => {
    const { store, clock } = get();
    clock.set(at('2026-04-02'));
    const variant = await sellable(store, 1500, 0, 'Cup');
    await setTestPolicy(store, variant, { policy: 'backorder' });
    await addTestSupply(store, variant, 2, '2026-04-08');
    await addTestSupply(store, variant, 2, '2026-04-15');
    const first = (await placeTestOrder(store, [[variant, 2]])).order;
    clock.advance(60_000);
    const second = (await placeTestOrder(store, [[variant, 1]])).order;
    assert.deepEqual(
      (await restockOutlook(h.db(), first.number)).map((o) => [o.waiting, o.expectedOn]),
      [[2, '2026-04-08']],
    );
    assert.deepEqual(
      (await restockOutlook(h.db(), second.number)).map((o) => [o.waiting, o.expectedOn]),
      [[1, '2026-04-15']],
    );
    assert.deepEqual(await restockOutlook(h.db(), 'DS-NONE-NONE'), []);
  });

  it('leaves delivered orders alone', async () => {
    const { store, clock } = get();
    clock.set(at('2026-04-06'));
    const { order } = await placeTestOrder(store, [[teapot, 1]]);
    const parcel = await h.pack(order);
    await h.move(parcel.id, 'delivered');
    clock.set(at('2026-05-04'));
    await h.run();
    assert.deepEqual(await h.delays(order), []);
    assert.deepEqual(await h.delayTickets(order), []);
  });

  it('records the other orders when one cannot be recorded, and that one at the next run', async () => {
    const { store, clock } = get();
    clock.set(at('2026-05-04'));
    const broken = (await placeTestOrder(store, [[teapot, 1]])).order;
    const fine = (await placeTestOrder(store, [[teapot, 1]])).order;
    // An address the desk refuses: opening the ticket fails, so nothing of that delay is kept.
    await rows(h.db(), sql`update orders set email = 'not an address' where id = ${broken.id}`);
    clock.set(at('2026-05-07'));
    await h.run();
    assert.deepEqual(await h.delays(broken), []);
    assert.deepEqual(await h.delayedEvents(broken), [], 'no event for a delay that was not recorded');
    assert.equal((await h.delays(fine)).length, 1);

    await rows(h.db(), sql`update orders set email = ${broken.email} where id = ${broken.id}`);
    await h.run();
    assert.equal((await h.delays(broken)).length, 1);
    assert.equal((await h.delayedEvents(broken)).length, 1);
  });

  it('lists open delays for staff, shows them on the staff order page, and lets leads change the settings', async () => {
    const { store, clock } = get();
    clock.set(at('2026-05-11'));
    const { order } = await placeTestOrder(store, [[teapot, 1]]);
    clock.set(at('2026-05-14'));
    await h.run();
    const agent = new Browser(store);
    await agent.signIn(await createStaff(store, 'agent'));
    const list = await agent.get(DELAYS_PATH);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Not shipped by its ship day/);
    assert.doesNotMatch(list.body, /Save settings/, 'agents read the settings, they do not change them');
    assert.equal((await agent.post(DELAYS_PATH, { noScanBusinessDays: '3', replanBusinessDays: '1' })).statusCode, 403);

    assert.ok(list.body.includes(`>${order.number}</a>`));
    const staffPage = await agent.get(`/admin/orders/${order.number}`);
    assert.match(staffPage.body, /<h2 id="staff-delays-title">Delays<\/h2>/);
    assert.match(staffPage.body, /Not shipped by 2026-05-12/);

    const lead = new Browser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    await lead.get(DELAYS_PATH);
    const refused = await lead.post(DELAYS_PATH, { noScanBusinessDays: '0', replanBusinessDays: 'two' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter a whole number from 1 to 30/);
    assert.deepEqual(await readDelaySettings(store.platform.database.db), { noScanBusinessDays: 2, replanBusinessDays: 1 }, 'nothing saved');
    const saved = await lead.post(DELAYS_PATH, { noScanBusinessDays: '3', replanBusinessDays: '2' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await readDelaySettings(store.platform.database.db), { noScanBusinessDays: 3, replanBusinessDays: 2 });

    const anonymous = await new Browser(store).get(DELAYS_PATH);
    assert.equal(anonymous.statusCode, 303, 'strangers are sent to sign in');
  });
});

describe('delay check guards', () => {
  it('refuses settings out of range and an estimate that ends before it starts, before writing anything', async () => {
    const untouched = undefined as never;
    await assert.rejects(saveDelaySettings({ afterCommit: () => {} }, untouched, { noScanBusinessDays: 0, replanBusinessDays: 1 }, new Date()), /noScanBusinessDays must be a whole number from 1 to 30/);
    await assert.rejects(saveDelaySettings({ afterCommit: () => {} }, untouched, { noScanBusinessDays: 2, replanBusinessDays: 1.5 }, new Date()), /replanBusinessDays/);
    await assert.rejects(setShipmentEstimate(untouched, newId(), { earliest: '2026-03-10', latest: '2026-03-09' }, new Date()), /ends before it starts/);
  });
});

suite('delay checks with the job worker', true, (get) => {
  const h = helpers(get);
  const waitFor = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('condition not met in time');
  };

  it('acts on a carrier exception as soon as it is reported, and marks it over when the parcel is delivered', async () => {
    const { store } = get();
    const teapot = await sellable(store, 4000, 10, 'Teapot');
    const { order } = await placeTestOrder(store, [[teapot, 1]]);
    const parcel = await h.pack(order);
    await h.move(parcel.id, 'shipped');
    await h.exception(parcel.id, 'Damaged in transit');
    await waitFor(async () => (await h.delays(order)).length === 1);
    const [delay] = await h.delays(order);
    assert.equal(delay!.kind, 'carrier_exception');
    assert.equal((await h.delayedEvents(order)).length, 1);
    await waitFor(async () => (await h.delayTickets(order)).length === 1);

    await h.move(parcel.id, 'delivered');
    await waitFor(async () => (await h.delays(order))[0]!.resolvedAt !== null);
  });
});
