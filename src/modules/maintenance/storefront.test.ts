// Planned maintenance on the storefront, with a clock the tests move: when the banner shows
// (lead time) and whether cached pages follow it, the merchant's settings, the drain (a new
// checkout is paused politely, one in progress finishes, "email me when it's back" tells the
// address once), read-only mode (every write route answers 503 with Retry-After during a
// whole-store window and every read route still answers; a checkout-only window stops checkout
// alone; extending and ending early move Retry-After; a refused form comes back with what was
// typed, never a password), and twenty orders being placed as a window starts: all recorded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { fixedClock } from '../../platform/clock.ts';
import { maintenanceClassOf } from '../../platform/http/app.ts';
import { Browser, createStaff, STAFF_PASSWORD } from '../../testing/admin.ts';
import { TestBrowser } from '../../testing/browser.ts';
import { SHOPPER_DETAILS, stockShop } from '../../testing/http-shopper.ts';
import { orderingStore } from '../../testing/orders.ts';
import type { TestStore } from '../../testing/store.ts';
import { orderByNumber, ordersInStatus } from '../orders/index.ts';
import { tellShoppersBack } from './back.ts';
import { maintenanceBackRequests, type MaintenanceScope } from './schema.ts';
import { currentMaintenance, DEFAULT_MAINTENANCE_SETTINGS, maintenanceNow, phaseAt, readMaintenanceSettings, saveMaintenanceSettings } from './state.ts';
import { scheduleWindow, type MaintenanceWindow } from './windows.ts';

describe('maintenance: storefront', () => {
  const clock = fixedClock('2026-12-06T12:00:00Z');
  const NEW_YORK = { timeZone: 'America/New_York', locale: 'en-US' };
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  let store: TestStore;
  let admin: Browser;
  let staffId: string;
  let variants: string[];
  const db = () => store.platform.database.db;
  const at = (iso: string) => new Date(iso);
  const seconds = (from: Date, to: Date) => Math.ceil((to.getTime() - from.getTime()) / 1000);

  /** A shopper of this test: a guest cart, checkout's hold, the details, Place order. */
  class Shopper extends TestBrowser {
    async add(variantId = variants[0]!): Promise<void> {
      const added = await this.api('POST', '/api/v1/cart/lines', { variantId, quantity: 1 });
      assert.equal(added.statusCode, 201, added.body);
    }
    startCheckout() {
      return this.page('/cart').then(() => this.form('/checkout', {}));
    }
    async ready(): Promise<void> {
      await this.add();
      assert.equal((await this.startCheckout()).statusCode, 303);
      const saved = await this.request({ method: 'PUT', url: '/api/v1/checkout/draft', headers: { accept: 'application/json', 'content-type': 'application/json' }, payload: JSON.stringify({ changes: SHOPPER_DETAILS }) });
      assert.equal(saved.statusCode, 200, saved.body);
    }
    place() {
      return this.request({ method: 'POST', url: '/api/v1/checkout/orders', headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, payload: '{}' });
    }
    async cartLines(): Promise<number> {
      const cart = await this.api('GET', '/api/v1/cart');
      assert.equal(cart.statusCode, 200, cart.body);
      return (cart.json() as { lines: unknown[] }).lines.length;
    }
  }

  async function schedule(startsAt: Date, endsAt: Date, scope: MaintenanceScope, message = 'We are moving to a faster payment system.'): Promise<MaintenanceWindow> {
    const outcome = await store.platform.database.transaction((tx) => scheduleWindow(store.platform, tx, { startsAt, endsAt, scope, message }, NEW_YORK, staffId));
    assert.equal(outcome.kind, 'saved');
    return (outcome as { window: MaintenanceWindow }).window;
  }

  const retryAfter = (response: { headers: Record<string, unknown> }) => Number(response.headers['retry-after']);

  before(async () => {
    store = await orderingStore(clock);
    variants = await stockShop(store.platform, { count: 2, onHand: 1000, prefix: 'maintenance-item' });
    admin = new Browser(store);
    const email = await createStaff(store, 'lead');
    await admin.signIn(email);
    staffId = ((await admin.api('GET', '/api/v1/me')).json() as { id: string }).id;
  });
  after(() => store.close());

  describe('the phases of a window', () => {
    const window = { startsAt: at('2026-12-20T07:00:00Z'), endsAt: at('2026-12-20T09:00:00Z'), cancelledAt: null };
    const phase = (iso: string, settings = DEFAULT_MAINTENANCE_SETTINGS) => phaseAt(window, settings, at(iso));

    it('notice from 48 hours before, drain from 30 minutes before, running until the end', () => {
      assert.equal(phase('2026-12-18T06:59:00Z'), null);
      assert.equal(phase('2026-12-18T07:00:00Z'), 'notice');
      assert.equal(phase('2026-12-20T06:29:59Z'), 'notice');
      assert.equal(phase('2026-12-20T06:30:00Z'), 'drain');
      assert.equal(phase('2026-12-20T07:00:00Z'), 'running');
      assert.equal(phase('2026-12-20T08:59:59Z'), 'running');
      assert.equal(phase('2026-12-20T09:00:00Z'), null);
      assert.equal(phaseAt({ ...window, cancelledAt: at('2026-12-01T00:00:00Z') }, DEFAULT_MAINTENANCE_SETTINGS, at('2026-12-20T07:30:00Z')), null, 'a cancelled window is nothing');
    });

    it('follows the merchant’s lead and drain times', () => {
      const settings = { leadMinutes: 120, drainMinutes: 60 };
      assert.equal(phase('2026-12-20T04:59:00Z', settings), null);
      assert.equal(phase('2026-12-20T05:00:00Z', settings), 'notice');
      assert.equal(phase('2026-12-20T06:00:00Z', settings), 'drain');
      assert.equal(phase('2026-12-20T06:00:00Z', { leadMinutes: 120, drainMinutes: 0 }), 'notice', 'no drain at all');
    });

    it('is about the window running or the next one, with Retry-After to its end', () => {
      const w = (startsAt: string, endsAt: string) => ({ id: startsAt, startsAt: at(startsAt), endsAt: at(endsAt), cancelledAt: null }) as MaintenanceWindow;
      const windows = [w('2026-12-21T07:00:00Z', '2026-12-21T08:00:00Z'), w('2026-12-20T07:00:00Z', '2026-12-20T09:00:00Z')];
      const running = currentMaintenance(windows, DEFAULT_MAINTENANCE_SETTINGS, at('2026-12-20T08:59:00.500Z'));
      assert.deepEqual([running?.window.id, running?.phase, running?.secondsToEnd], ['2026-12-20T07:00:00Z', 'running', 60]);
      const next = currentMaintenance(windows, DEFAULT_MAINTENANCE_SETTINGS, at('2026-12-20T09:00:00Z'));
      assert.deepEqual([next?.window.id, next?.phase], ['2026-12-21T07:00:00Z', 'notice']);
    });
  });

  describe('the maintenance settings', () => {
    it('are 48 hours and 30 minutes until the merchant changes them on /admin/maintenance', async () => {
      assert.deepEqual(await readMaintenanceSettings(db()), { leadMinutes: 2880, drainMinutes: 30 });
      const page = await admin.get('/admin/maintenance');
      assert.match(page.body, /name="leadHours"[^>]*value="48"|value="48"[^>]*name="leadHours"/);
      const saved = await admin.post('/admin/maintenance/settings', { leadHours: '72', drainMinutes: '45' });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.deepEqual(await readMaintenanceSettings(db()), { leadMinutes: 72 * 60, drainMinutes: 45 });
    });

    it('refuses what cannot be, beside its field, and changes nothing', async () => {
      for (const [fields, message] of [
        [{ leadHours: 'two', drainMinutes: '30' }, /Enter a whole number of hours from 0 to 336/],
        [{ leadHours: '48', drainMinutes: '-5' }, /Enter a whole number of minutes from 0 to 1440/],
        [{ leadHours: '1', drainMinutes: '90' }, /Checkout cannot close before the banner has said so/],
      ] as const) {
        const refused = await admin.post('/admin/maintenance/settings', fields);
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, message);
      }
      assert.deepEqual(await readMaintenanceSettings(db()), { leadMinutes: 72 * 60, drainMinutes: 45 });
      const agent = new Browser(store);
      await agent.signIn(await createStaff(store, 'agent'));
      assert.equal((await agent.post('/admin/maintenance/settings', { leadHours: '1', drainMinutes: '0' })).statusCode, 403);
      assert.equal((await admin.post('/admin/maintenance/settings', { leadHours: '48', drainMinutes: '30' })).statusCode, 303);
    });
  });

  describe('the banner', () => {
    // Wednesday 9 December, 2:00–4:00 in New York.
    const START = at('2026-12-09T07:00:00Z');
    const END = at('2026-12-09T09:00:00Z');
    const home = () => store.app.inject({ url: '/', headers: { accept: 'text/html' } });

    it('appears on every page from 48 hours before the start, even on pages cached before it', async () => {
      clock.set(new Date(START.getTime() - 48 * HOUR - MINUTE));
      await schedule(START, END, 'checkout');
      const before = await home();
      assert.doesNotMatch(before.body, /site-status/);
      assert.equal((await home()).headers['x-page-cache'], 'hit', 'the home page is cached');

      clock.set(new Date(START.getTime() - 48 * HOUR));
      const shown = await home();
      assert.match(shown.body, /<strong>Planned maintenance: checkout and payments will be unavailable\.<\/strong> We are moving to a faster payment system\./);
      assert.match(shown.body, /When: <time datetime="2026-12-09T07:00:00.000Z">Wednesday, December 9, 2:00 AM – 4:00 AM \(Eastern Time\)<\/time>/);
      assert.match(shown.body, /data-island="banner-times"[^>]*countdownTo&quot;:&quot;2026-12-09T07:00:00.000Z&quot;,&quot;countdownLabel&quot;:&quot;Maintenance starts in/);
      assert.match(shown.body, /<a href="\/status">More about this<\/a>/);
      for (const path of ['/cart', '/status', `/search?q=x`]) {
        const page = await store.app.inject({ url: path, headers: { accept: 'text/html' } });
        assert.match(page.body, /Planned maintenance: checkout and payments will be unavailable/, path);
      }
    });

    it('says when checkout pauses, during the window that it runs, and is gone once it ends', async () => {
      clock.set(new Date(START.getTime() - 10 * MINUTE));
      const draining = await home();
      assert.match(draining.body, /Planned maintenance starts soon: new checkouts are paused/);
      assert.match(draining.body, /countdownLabel&quot;:&quot;Checkout closes in/);
      clock.set(START);
      const running = await home();
      assert.match(running.body, /Planned maintenance in progress: checkout and payments are closed; you can still browse and fill your cart\./);
      assert.match(running.body, /countdownLabel&quot;:&quot;Back in/);
      clock.set(END);
      assert.doesNotMatch((await home()).body, /site-status/);
    });
  });

  describe('the drain before a window', () => {
    // Thursday 10 December, 2:00–4:00 in New York.
    const START = at('2026-12-10T07:00:00Z');
    const END = at('2026-12-10T09:00:00Z');
    let window: MaintenanceWindow;
    let inProgress: Shopper;
    let newcomer: Shopper;

    before(async () => {
      clock.set(new Date(START.getTime() - 35 * MINUTE));
      window = await schedule(START, END, 'checkout');
      inProgress = new Shopper(store);
      newcomer = new Shopper(store);
    });

    it('lets checkouts start until the drain', async () => {
      const early = new Shopper(store);
      await early.add();
      assert.equal((await early.startCheckout()).statusCode, 303);
      await inProgress.ready();
      await newcomer.add();
    });

    it('refuses a new checkout politely once checkouts drain, keeping the cart', async () => {
      clock.set(new Date(START.getTime() - 25 * MINUTE));
      const refused = await newcomer.startCheckout();
      assert.equal(refused.statusCode, 503);
      assert.equal(retryAfter(refused), seconds(clock.now(), END));
      assert.match(refused.body, /<h1>Checkout is paused for planned maintenance<\/h1>/);
      assert.match(refused.body, /Your cart is kept\. Checkout is back at Dec 10, 2026, 4:00 AM \(Eastern Time\)\./);
      assert.match(refused.body, /action="\/maintenance\/back"/);
      assert.match(refused.body, /href="\/status"/);
      assert.equal(await newcomer.cartLines(), 1);

      const json = await newcomer.request({ method: 'POST', url: '/api/v1/checkout/hold', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 503);
      assert.match(String(json.headers['content-type']), /^application\/problem\+json/);
      assert.equal(retryAfter(json), seconds(clock.now(), END));
      const problem = json.json() as { type: string; detail: string; maintenance: { endsAt: string; statusUrl: string } };
      assert.match(problem.type, /checkout-paused$/);
      assert.equal(problem.maintenance.endsAt, END.toISOString());
      assert.equal(problem.maintenance.statusUrl, '/status');
      // Adding to the cart still works: only checkout drains.
      await newcomer.add(variants[1]);
    });

    it('lets a checkout already holding its items finish', async () => {
      assert.equal((await inProgress.startCheckout()).statusCode, 303, 'pressing Checkout again holds again');
      const placed = await inProgress.place();
      assert.equal(placed.statusCode, 201, placed.body);
    });

    it('keeps an address to tell when it is back, and tells it once when the window ends', async () => {
      await newcomer.page('/cart');
      const bad = await newcomer.form('/maintenance/back', { windowId: window.id, email: 'not an address' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /aria-invalid="true"/);
      const kept = await newcomer.form('/maintenance/back', { windowId: window.id, email: ' Grace@Example.com ' });
      assert.equal(kept.statusCode, 200, kept.body);
      assert.match(kept.body, /We will write to Grace@Example.com once/);
      await newcomer.form('/maintenance/back', { windowId: window.id, email: 'grace@example.com' });
      const rows = await db().select().from(maintenanceBackRequests).where(eq(maintenanceBackRequests.windowId, window.id));
      assert.deepEqual(rows.map((r) => [r.email, r.notifiedAt]), [['grace@example.com', null]]);

      clock.set(new Date(END.getTime() - MINUTE));
      assert.equal(await tellShoppersBack(store.platform), 0, 'not before the end');
      clock.set(END);
      assert.equal(await tellShoppersBack(store.platform), 1);
      assert.equal(await tellShoppersBack(store.platform), 0, 'never twice');
      const events = await store.platform.events.history(db(), 'maintenance.back');
      assert.deepEqual(events.map((e) => e.payload), [{ requestId: rows[0]!.id }]);
      assert.equal((await newcomer.startCheckout()).statusCode, 303, 'checkout is open again, with the cart as it was');
      assert.equal(await newcomer.cartLines(), 2);
    });
  });

  describe('read-only mode during a whole-store window', () => {
    // Friday 11 December, 2:00–4:00 in New York.
    const START = at('2026-12-11T07:00:00Z');
    const END = at('2026-12-11T09:00:00Z');
    let window: MaintenanceWindow;
    let orderPath: string;
    const uuid = '00000000-0000-4000-8000-000000000000';
    const concrete = (url: string) =>
      url
        .replace(/:number/g, 'DS-AAAA-AAAA')
        .replace(/:(id|\w+Id)\b/g, uuid)
        .replace(/:seq/g, '1')
        .replace(/:\w+/g, 'x')
        .replace(/\*/g, 'x');

    before(async () => {
      clock.set(new Date(START.getTime() - 3 * HOUR));
      const buyer = new Shopper(store);
      await buyer.ready();
      const placed = await buyer.place();
      assert.equal(placed.statusCode, 201, placed.body);
      orderPath = new URL((placed.json() as { orderUrl: string }).orderUrl).pathname + new URL((placed.json() as { orderUrl: string }).orderUrl).search;
      window = await schedule(START, END, 'site', 'We are upgrading the database.');
      clock.set(new Date(START.getTime() + 30 * MINUTE));
    });

    it('answers every storefront write 503 with Retry-After, and lets admin, webhooks and staff sign-in through', async () => {
      await store.app.ready();
      const writes = store.app.routeTable.filter((route) => !['GET', 'HEAD', 'OPTIONS'].includes(route.method));
      assert.ok(writes.length > 40, `${writes.length} write routes`);
      const wait = seconds(clock.now(), END);
      const seen = { closed: 0, open: 0 };
      for (const route of writes) {
        const kind = maintenanceClassOf(route.method, route.config);
        const response = await store.app.inject({
          method: route.method as 'POST',
          url: concrete(route.url),
          headers: { accept: 'application/json', 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', origin: store.platform.config.baseUrl },
          payload: '{}',
        });
        const what = `${route.method} ${route.url} (${kind})`;
        if (kind === 'exempt') {
          seen.open++;
          assert.notEqual(response.statusCode, 503, what);
        } else {
          seen.closed++;
          assert.equal(response.statusCode, 503, `${what}: ${response.body.slice(0, 200)}`);
          assert.equal(retryAfter(response), wait, what);
          assert.match(String(response.headers['content-type']), /^application\/problem\+json/, what);
        }
      }
      assert.ok(seen.closed > 30 && seen.open > 5, JSON.stringify(seen));
      assert.ok(writes.some((r) => r.url === '/webhooks/payments' && maintenanceClassOf(r.method, r.config) === 'exempt'), 'signed webhooks keep working');
    });

    it('keeps every read route working', async () => {
      const reads = store.app.routeTable.filter((route) => route.method === 'GET' && route.url !== '/live');
      assert.ok(reads.length > 100, `${reads.length} read routes`);
      for (const route of reads) {
        const response = await store.app.inject({ url: concrete(route.url), headers: { accept: 'text/html' } });
        assert.notEqual(response.statusCode, 503, `GET ${route.url}`);
        assert.ok(response.statusCode < 500, `GET ${route.url} answered ${response.statusCode}`);
      }
      const product = (await store.app.inject({ url: '/api/v1/products/maintenance-item-0001' })).statusCode;
      for (const [path, status] of [['/', 200], ['/products/maintenance-item-0001', 200], ['/cart', 200], ['/status', 200], ['/status.json', 200], ['/healthz', 200], [orderPath, 200]] as const) {
        assert.equal((await store.app.inject({ url: path, headers: { accept: 'text/html' } })).statusCode, status, path);
      }
      assert.equal(product, 200);
    });

    it('answers a page saying when to come back, keeping what was typed but never a password', async () => {
      const visitor = new Shopper(store);
      await visitor.page('/account/sign-in');
      const refused = await visitor.form('/account/sign-in', { email: 'ada@example.com', password: 'correct horse battery staple' });
      assert.equal(refused.statusCode, 503);
      assert.equal(retryAfter(refused), seconds(clock.now(), END));
      assert.match(refused.body, /<h1>The store is closed for planned maintenance<\/h1>/);
      assert.match(refused.body, /Nothing was changed\. The store is read-only while we work: you can browse, but not order or send forms\./);
      assert.match(refused.body, /We expect to be back at <strong>Dec 11, 2026, 4:00 AM \(Eastern Time\)<\/strong>/);
      assert.match(refused.body, /We are upgrading the database\./);
      assert.match(refused.body, /<dd>ada@example.com<\/dd>/);
      assert.match(refused.body, /<form action="\/account\/sign-in" method="post">.*<input type="hidden" name="email" value="ada@example.com"\/>/s);
      assert.doesNotMatch(refused.body, /correct horse/);
      assert.match(refused.body, /href="\/status"/);
    });

    it('lets staff sign in and run the store, and ends early: the store is open again at once', async () => {
      const lead = new Browser(store);
      const email = await createStaff(store, 'lead');
      await lead.page('/staff/sign-in');
      const signedIn = await lead.form('/staff/sign-in', { email, password: STAFF_PASSWORD });
      assert.equal(signedIn.statusCode, 303, signedIn.body);
      const ended = await lead.post(`/admin/maintenance/${window.id}/end`, {});
      assert.equal(ended.statusCode, 303, ended.body);
      assert.equal(await maintenanceNow(store.platform), null);
      await new Shopper(store).add();
    });
  });

  describe('a checkout-only window', () => {
    // Saturday 12 December, 2:00–4:00 in New York.
    const START = at('2026-12-12T07:00:00Z');
    const END = at('2026-12-12T09:00:00Z');
    let window: MaintenanceWindow;
    let shopper: Shopper;

    before(async () => {
      clock.set(new Date(START.getTime() - 2 * HOUR));
      shopper = new Shopper(store);
      window = await schedule(START, END, 'checkout');
    });

    it('stops checkout and payment writes only, and Retry-After follows an extension and the early end', async () => {
      clock.set(new Date(START.getTime() - 40 * MINUTE));
      await shopper.ready();
      clock.set(new Date(START.getTime() + 20 * MINUTE));
      await shopper.add(variants[1]);
      const refused = await shopper.place();
      assert.equal(refused.statusCode, 503);
      assert.equal(retryAfter(refused), seconds(clock.now(), END));

      const extended = await admin.post(`/admin/maintenance/${window.id}`, { endDate: '2026-12-12', endTime: '05:00' });
      assert.equal(extended.statusCode, 303, extended.body);
      assert.equal(retryAfter(await shopper.place()), seconds(clock.now(), END) + 3600);

      const typed = await shopper.form('/checkout/details', { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Albany' });
      assert.equal(typed.statusCode, 503);
      assert.match(typed.body, /<h1>Checkout is closed for planned maintenance<\/h1>/);
      assert.match(typed.body, /<dd>Ada Lovelace<\/dd>/);
      assert.match(typed.body, /<input type="hidden" name="line1" value="1 Main Street"\/>/);
      assert.match(typed.body, /action="\/maintenance\/back"/, 'checkout refused: email me when it is back');

      const ended = await admin.post(`/admin/maintenance/${window.id}/end`, {});
      assert.equal(ended.statusCode, 303);
      // The hold ran out during the window: placing holds again first, then the order stands.
      const again = await shopper.place();
      assert.ok([201, 409].includes(again.statusCode), again.body);
      if (again.statusCode === 409) assert.equal((await shopper.place()).statusCode, 201);
    });
  });

  describe('a window starting while twenty orders are being placed', () => {
    // Sunday 13 December, 2:00–4:00 in New York.
    const START = at('2026-12-13T07:00:00Z');
    const END = at('2026-12-13T09:00:00Z');

    it('records every order submitted before the start, and refuses the next one with its cart intact', async () => {
      // Checkouts drain 10 minutes before: the twenty start theirs 12 minutes before, and their
      // holds (15 minutes) still stand when they press Place order a second before the start.
      await store.platform.database.transaction((tx) => saveMaintenanceSettings(store.platform.database, tx, { leadMinutes: 48 * 60, drainMinutes: 10 }, clock.now()));
      clock.set(new Date(START.getTime() - 12 * MINUTE));
      await schedule(START, END, 'checkout');
      const shoppers = Array.from({ length: 21 }, () => new Shopper(store));
      for (const shopper of shoppers) await shopper.ready();
      clock.set(new Date(START.getTime() - 1000));

      const placedBefore = (await ordersInStatus(db(), ['placed'], 10_000)).length;
      let windowStarted = false;
      const answers = Promise.all(shoppers.slice(0, 20).map((shopper) => shopper.place().then((response) => ({ response, afterStart: windowStarted }))));
      // The window starts as soon as the first of them is recorded, the others still on their way.
      while ((await ordersInStatus(db(), ['placed'], 10_000)).length === placedBefore) await new Promise((resolve) => setTimeout(resolve, 1));
      clock.set(START);
      windowStarted = true;
      const answered = await answers;
      assert.ok(answered.filter((a) => a.afterStart).length > 0, 'some were still being placed when the window started');
      const numbers = answered.map(({ response }) => {
        assert.equal(response.statusCode, 201, response.body);
        return (response.json() as { number: string }).number;
      });
      assert.equal(new Set(numbers).size, 20, 'twenty orders, none twice');
      const orders = await Promise.all(numbers.map((number) => orderByNumber(db(), number)));
      assert.ok(orders.every((order) => order?.status === 'placed'), 'each recorded, its payment pending');

      const late = await shoppers[20]!.place();
      assert.equal(late.statusCode, 503);
      assert.equal(await shoppers[20]!.cartLines(), 1);
    });
  });
});
