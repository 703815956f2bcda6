// The simulator's control API (only with its key, and only while the simulator runs), the
// carriers admin page (administrators only: fault switches, parcels to move on, recent
// deliveries), and the CARRIER_* settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../../../../config.ts';
import { rows } from '../../../../platform/db/database.ts';
import { fixedClock } from '../../../../platform/clock.ts';
import { Browser, createStaff, formFields } from '../../../../testing/admin.ts';
import { placeTestOrder, sellable } from '../../../../testing/orders.ts';
import { createTestStore, type TestStore } from '../../../../testing/store.ts';
import { allocatedLines } from '../../../inventory/index.ts';
import { packShipment } from '../../shipments/pack.ts';
import { moveShipment } from '../../shipments/progress.ts';
import { shipmentById, type Shipment } from '../../shipments/read.ts';
import { carrierAdapter } from '../adapters.ts';
import { generateTrackingNumber } from '../numbers/index.ts';
import { carrierSimulatorKey, carrierWebhookSecret } from '../wire.ts';
import { simulatedParcel } from './advance.ts';
import { carrierFaultsFromJson, CarrierFaultsError, NO_CARRIER_FAULTS, readCarrierFaults } from './faults.ts';
import { planParcel, startTrackingJob } from './plan.ts';
import { simulatorStore } from './test-support.ts';

describe('fulfillment: carriers: simulator: control', () => {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  let store: TestStore;
  let mug: string;

  before(async () => {
    store = await simulatorStore(clock);
    mug = await sellable(store, 1500, 500, 'Mug');
  });
  after(() => store.close());

  const db = () => store.platform.database.db;
  const merchant = { kind: 'merchant' as const, id: 'staff-1' };

  /** A shipped parcel whose tracking the simulator planned (the subscriber's work, done here directly). */
  async function trackedParcel(): Promise<Shipment> {
    const { order } = await placeTestOrder(store, [[mug, 1]]);
    const [line] = await allocatedLines(db(), order.number);
    const packed = await store.platform.database.transaction((tx) =>
      packShipment(store.platform, tx, { orderId: order.id, locationId: line!.locationId, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups') }, merchant),
    );
    await planParcel(store.platform, packed);
    await planParcel(store.platform, packed); // a second request plans nothing more
    return store.platform.database.transaction(async (tx) => (await moveShipment(store.platform, tx, packed.id, 'shipped', merchant)).shipment);
  }

  function control(method: 'GET' | 'POST', url: string, body?: unknown, key: string | null = carrierSimulatorKey(store.platform.config)) {
    return store.app.inject({
      method,
      url: `/_carrier-simulator${url}`,
      headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  const statusOf = async (parcel: Shipment) => (await shipmentById(db(), parcel.id))!.status;

  describe('the carrier simulator’s control API', () => {
    it('answers only with its key', async () => {
      const parcel = await trackedParcel();
      for (const key of [null, 'wrong-key', carrierWebhookSecret(store.platform.config)]) {
        for (const [method, url, body] of [['GET', '/faults'], ['POST', '/faults', { lostRate: 1 }], ['GET', `/parcels/${parcel.trackingNumber}`], ['POST', `/parcels/${parcel.trackingNumber}/advance`, { to: 'delivered' }], ['POST', '/parcels/x/advance', { to: 'nowhere' }], ['POST', '/deliver']] as const) {
          const refused = await control(method, url, body, key);
          assert.equal(refused.statusCode, 401, `${method} ${url} with ${key}`);
        }
      }
      assert.equal(await statusOf(parcel), 'shipped');
      assert.deepEqual(await readCarrierFaults(store.platform, db()), NO_CARRIER_FAULTS);
    });

    it('shows a parcel’s plan and moves it on: the next event, out for delivery, delivered', async () => {
      const parcel = await trackedParcel();
      const plan = await control('GET', `/parcels/${parcel.trackingNumber.toLowerCase()}`);
      assert.equal(plan.statusCode, 200);
      const { events } = plan.json() as { events: { code: string; sentAt: string | null }[] };
      assert.equal(events[0]!.code, 'label_created');
      assert.ok(events.every((e) => e.sentAt === null));

      const next = await control('POST', `/parcels/${parcel.trackingNumber}/advance`, { to: 'next' });
      assert.equal(next.statusCode, 200, next.body);
      assert.equal(next.json().advanced, 1);
      assert.equal(next.json().run.sent, 1);
      clock.advance(60_000);
      const out = await control('POST', `/parcels/${parcel.trackingNumber}/advance`, { to: 'out_for_delivery' });
      assert.ok(out.json().advanced >= 4, 'pick-up, the hub scans and out for delivery');
      assert.equal(await statusOf(parcel), 'out_for_delivery');
      const recorded = (await simulatedParcel(store.platform, parcel.trackingNumber)).filter((e) => e.sentAt !== null);
      for (let i = 1; i < recorded.length; i++) assert.ok(recorded[i]!.occurredAt > recorded[i - 1]!.occurredAt, 'in their order');
      assert.ok(recorded.every((e) => e.occurredAt <= clock.now()), 'none in the future');

      // At the same instant again (a frozen clock): still after what came before.
      const done = await control('POST', `/parcels/${parcel.trackingNumber}/advance`, { to: 'delivered' });
      assert.equal(done.json().advanced, 1);
      assert.equal(await statusOf(parcel), 'delivered');
      const all = await simulatedParcel(store.platform, parcel.trackingNumber);
      assert.ok(all.at(-1)!.occurredAt > all.at(-2)!.occurredAt);
      const again = await control('POST', `/parcels/${parcel.trackingNumber}/advance`, { to: 'delivered' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().advanced, 0, 'already there');
    });

    it('refuses an unknown parcel, a target it does not know and bad faults', async () => {
      assert.equal((await control('POST', `/parcels/${generateTrackingNumber('ups')}/advance`, { to: 'next' })).statusCode, 404);
      assert.equal((await control('GET', '/parcels/not-a-number!')).statusCode, 404);
      assert.equal((await control('POST', '/parcels/1Z5R89390357567127/advance', { to: 'returned' })).statusCode, 400);
      const bad = await control('POST', '/faults', { lostRate: 2 });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().detail, /lostRate/);
      assert.equal((await control('POST', '/faults', { surprise: true })).statusCode, 400);
    });

    it('reads and switches faults, which apply to every instance through the database', async () => {
      const saved = await control('POST', '/faults', { duplicateRate: 0.5, lateMinutes: 30 });
      assert.equal(saved.statusCode, 200);
      assert.deepEqual(saved.json(), { ...NO_CARRIER_FAULTS, duplicateRate: 0.5, lateMinutes: 30 });
      assert.deepEqual((await control('GET', '/faults')).json(), saved.json());
      await control('POST', '/faults', NO_CARRIER_FAULTS);
    });

    it('plans nothing for a parcel removed before its tracking request was handled', async () => {
      await startTrackingJob(store.platform, { shipmentId: crypto.randomUUID() });
      await startTrackingJob(store.platform, { shipmentId: 'not-an-id' });
    });

    it('sends what is due on request', async () => {
      const parcel = await trackedParcel();
      clock.advance(5 * 60_000);
      const run = await control('POST', '/deliver');
      assert.equal(run.statusCode, 200);
      assert.ok(run.json().sent >= 1);
      assert.ok((await simulatedParcel(store.platform, parcel.trackingNumber))[0]!.sentAt);
    });
  });

  describe('admin: carriers', () => {
    let admin: Browser;
    before(async () => {
      admin = new Browser(store);
      await admin.signIn(await createStaff(store, 'admin'));
    });

    it('shows the webhook address, the fault switches, parcels on their way and recent deliveries', async () => {
      const parcel = await trackedParcel();
      clock.advance(5 * 60_000);
      await control('POST', '/deliver');
      const page = await admin.get('/admin/fulfillment/carriers');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /http:\/\/store\.test\/webhooks\/carriers\/\{carrier\}/);
      assert.match(page.body, /doorstep-carrier-signature/);
      assert.match(page.body, /name="addressIssueRate"/);
      assert.ok(page.body.includes(parcel.trackingNumber), 'the parcel is listed');
      assert.match(page.body, /Recent webhook deliveries[\s\S]*Accepted/);
      assert.match(page.body, /href="\/admin\/fulfillment\/carriers"/, 'in the admin navigation');
    });

    it('saves fault switches from the form, and keeps what was typed when it is wrong', async () => {
      const page = await admin.get('/admin/fulfillment/carriers');
      const fields = formFields(page.body, '/admin/fulfillment/carriers/faults');
      fields.set('delayRate', '25');
      fields.set('lateMinutes', '45');
      const saved = await admin.post('/admin/fulfillment/carriers/faults', fields);
      assert.equal(saved.statusCode, 303);
      const faults = await readCarrierFaults(store.platform, db());
      assert.deepEqual([faults.delayRate, faults.lateMinutes, faults.lostRate], [0.25, 45, 0]);
      assert.match((await admin.get(saved.headers.location as string)).body, /Faults saved/);

      fields.set('lostRate', '101');
      const refused = await admin.post('/admin/fulfillment/carriers/faults', fields);
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Enter a whole number from 0 to 100/);
      assert.match(refused.body, /value="101"/);
      assert.equal((await readCarrierFaults(store.platform, db())).lostRate, 0);
      await control('POST', '/faults', NO_CARRIER_FAULTS);
    });

    it('moves a parcel on from the page', async () => {
      const parcel = await trackedParcel();
      await admin.get('/admin/fulfillment/carriers');
      const moved = await admin.post('/admin/fulfillment/carriers/advance', { trackingNumber: parcel.trackingNumber, to: 'delivered' });
      assert.equal(moved.statusCode, 303);
      assert.equal(await statusOf(parcel), 'delivered');
      assert.equal((await admin.post('/admin/fulfillment/carriers/advance', { trackingNumber: parcel.trackingNumber, to: 'sideways' })).statusCode, 400);
      assert.equal((await admin.post('/admin/fulfillment/carriers/advance', { trackingNumber: generateTrackingNumber('ups'), to: 'next' })).statusCode, 404);
    });

    it('is for administrators only', async () => {
      for (const role of ['agent', 'lead'] as const) {
        const staff = new Browser(store);
        await staff.signIn(await createStaff(store, role));
        assert.equal((await staff.get('/admin/fulfillment/carriers')).statusCode, 403, role);
        assert.equal((await staff.post('/admin/fulfillment/carriers/faults', { lostRate: '100' })).statusCode, 403, role);
      }
      assert.equal((await new Browser(store).get('/admin/fulfillment/carriers')).statusCode, 303, 'anonymous: to sign-in');
    });
  });

  describe('with the simulator off (CARRIER_SIMULATOR=false)', () => {
    it('has no control API, plans nothing, and says so on the admin page', async () => {
      const off = await createTestStore({ env: { CARRIER_SIMULATOR: 'false' } });
      try {
        const answer = await off.app.inject({ method: 'POST', url: '/_carrier-simulator/deliver', headers: { authorization: `Bearer ${carrierSimulatorKey(off.platform.config)}` } });
        assert.equal(answer.statusCode, 404);
        const admin = new Browser(off);
        await admin.signIn(await createStaff(off, 'admin'));
        const page = await admin.get('/admin/fulfillment/carriers');
        assert.match(page.body, /simulator is off/);
        assert.doesNotMatch(page.body, /name="addressIssueRate"/);
        // The adapter asks nobody: a parcel packed now gets no planned events.
        const parcel = { id: crypto.randomUUID(), orderId: crypto.randomUUID(), carrier: 'ups', service: 'Ground', trackingNumber: generateTrackingNumber('ups'), estimateEarliest: null, estimateLatest: null } as unknown as Shipment;
        await off.platform.database.transaction((tx) => carrierAdapter(off.platform, 'ups').startTracking(tx, parcel));
        const queued = await rows<{ n: number }>(off.platform.database.db, sql`select count(*)::int as n from pgboss.job where name like 'fulfillment.carrier-simulator%'`);
        assert.equal(queued[0]!.n, 0, 'no request queued');
      } finally {
        await off.close();
      }
    });
  });

  describe('carrier settings', () => {
    it('default to the simulator with secrets derived from the session secret', () => {
      const config = loadConfig({ SESSION_SECRET: 'a'.repeat(40) });
      assert.deepEqual(config.carriers, { webhookSecret: undefined, simulator: true, simulatorKey: undefined, simulatorFaults: undefined });
      assert.equal(loadConfig({ NODE_ENV: 'test' }).carriers.simulator, false, 'test stores ask for it');
      assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'a'.repeat(40) }).carriers.simulator, true);
      assert.match(carrierWebhookSecret(config), /^[0-9a-f]{64}$/);
      assert.notEqual(carrierWebhookSecret(config), carrierSimulatorKey(config));
      assert.equal(carrierWebhookSecret(loadConfig({ SESSION_SECRET: 'a'.repeat(40) })), carrierWebhookSecret(config), 'stable');
      assert.notEqual(carrierWebhookSecret(loadConfig({ SESSION_SECRET: 'b'.repeat(40) })), carrierWebhookSecret(config));
    });

    it('reads every variable, and refuses a short secret without repeating it', () => {
      const config = loadConfig({ CARRIER_WEBHOOK_SECRET: 's'.repeat(32), CARRIER_SIMULATOR: 'false', CARRIER_SIMULATOR_KEY: 'k'.repeat(40), CARRIER_SIMULATOR_FAULTS: '{"delayRate":0.1}' });
      assert.deepEqual(config.carriers, { webhookSecret: 's'.repeat(32), simulator: false, simulatorKey: 'k'.repeat(40), simulatorFaults: '{"delayRate":0.1}' });
      assert.equal(carrierWebhookSecret(config), 's'.repeat(32));
      assert.equal(carrierSimulatorKey(config), 'k'.repeat(40));
      assert.throws(() => loadConfig({ CARRIER_WEBHOOK_SECRET: 'short-secret' }), (error: unknown) => error instanceof ConfigError && /^CARRIER_WEBHOOK_SECRET is too short/.test(error.message) && !error.message.includes('short-secret'));
      assert.throws(() => loadConfig({ CARRIER_SIMULATOR: 'maybe' }), /CARRIER_SIMULATOR="maybe" is not valid/);
    });

    it('reads faults given at start, and refuses bad ones clearly (the store does not start)', async () => {
      assert.equal(carrierFaultsFromJson('{"lostRate":0.2}').lostRate, 0.2);
      assert.throws(() => carrierFaultsFromJson('{lost'), (error: unknown) => error instanceof CarrierFaultsError && /not valid JSON/.test(error.message));
      assert.throws(() => carrierFaultsFromJson('{"delayRate":-1}'), /delayRate/);
      await assert.rejects(createTestStore({ env: { CARRIER_SIMULATOR: 'true', CARRIER_SIMULATOR_FAULTS: '{"surprise":1}' } }), CarrierFaultsError);
    });
  });
});
