// Following an order to the doorstep in a real browser, on the demo store with its built-in
// gateway and carrier simulators (issue 7's browser test). A guest buys, pays on the gateway's
// card page and keeps the confirmation's address (the signed link). Staff start, pack (UPS, a
// valid tracking number) and ship the order in the fulfillment console in another browser; the
// carrier simulator's control API then moves the parcel on. After each step the guest, with
// nothing but the link, reloads the order page and sees the timeline move from Recorded to
// Delivered with the time of each step, the carrier's scans, and the delivery estimate in words
// ("Arrives Thursday, …"): the simulator's own, then a Thursday the carrier sends deliberately
// in a delay. Along the way: the tracking number's counted redirect to the carrier's page, a
// forged carrier webhook refused without changing the page, and axe on the order page with its
// parcel, the fulfillment queue and the console's order page.
//
// The store runs on the real clock, so the estimate's weekday depends on the day of the run:
// the test reads the date from the simulator and names its weekday itself.
// On PostgreSQL: E2E_DATABASE_URL=postgres://…/<an empty database> (the demo loads into it).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generateTrackingNumber } from '../../src/modules/fulfillment/carriers/numbers/index.ts';
import {
  SIGNATURE_HEADER,
  signCarrierPayload,
} from '../../src/modules/fulfillment/carriers/wire.ts';
import { checkA11y, useBrowser } from './support/browser.ts';
import {
  CARDS,
  demoAdmin,
  expectPaid,
  fillDetails,
  newPerson,
  payByCard,
  placeOrder,
  shopperEmail,
  shown,
  snap,
  staffOpens,
  startCheckout,
  storeUrl,
  textMatches,
  type DemoProduct,
  type StaffAccount,
} from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let staffAccount: StaffAccount;

/** Chosen here: the control API's key, and the secret the carrier signs its webhooks with. */
const SIMULATOR_KEY = `e2e-simulator-${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `e2e-carrier-webhooks-${randomBytes(16).toString('hex')}`;

const databaseEnv = process.env.E2E_DATABASE_URL
  ? { DATABASE_URL: process.env.E2E_DATABASE_URL }
  : {};

before(async () => {
  store = await startStore({
    demoData: true,
    env: {
      ...databaseEnv,
      CARRIER_SIMULATOR_KEY: SIMULATOR_KEY,
      CARRIER_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  });
  staffAccount = demoAdmin(store);
  // No address problems, delays, late, doubled, swapped or lost webhooks: the journey is the
  // simulator's plan, and the one delay is the test's own.
  await simulator('POST', '/faults', {
    addressIssueRate: 0,
    delayRate: 0,
    lateRate: 0,
    duplicateRate: 0,
    outOfOrderRate: 0,
    lostRate: 0,
  });
});

after(async () => {
  await store?.stop();
});


const url = (path: string) => storeUrl(store.baseUrl, path);

/**
 * A demo product whose stock is counted (8 on hand at the main warehouse): its units are
 * allocated to the order, so the console can pack them. An uncounted one (the clay pot of the
 * checkout tests) is allocated nowhere and so cannot be packed.
 */
const CARDBOARD_POTS: DemoProduct = {
  handle: 'biodegradable-cardboard-pots',
  title: 'Biodegradable cardboard pots',
};

// ---- The carrier simulator and the carrier --------------------------------------------------

interface WireEvent {
  id: string;
  trackingNumber: string;
  code: string;
  detail: string;
  location: { city?: string; region?: string; country?: string };
  occurredAt: string;
  estimatedDelivery?: { earliest: string; latest: string };
}

interface SimulatedParcel {
  carrier: string;
  trackingNumber: string;
  events: (WireEvent & { seq: number; sentAt: string | null })[];
}

/** The store's last log line matching `pattern`, as the end of a failure message, if it printed one. */
function storeSaid(pattern: RegExp): string {
  const line = store
    .output()
    .split('\n')
    .findLast((l) => pattern.test(l));
  if (!line) return '';
  try {
    const entry = JSON.parse(line) as { msg?: string; queue?: string; err?: { message?: string } };
    return `; the store said: ${[entry.queue, entry.msg, entry.err?.message].filter(Boolean).join(': ')}`;
  } catch {
    return `; the store said: ${line.slice(0, 500)}`;
  }
}

/** A call to the carrier simulator's control API, with its key. */
async function simulator<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(url(`/_carrier-simulator${path}`), {
    method,
    headers: {
      authorization: `Bearer ${SIMULATOR_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    assert.fail(
      `the carrier simulator answered ${response.status} to ${method} ${path}: ${await response.text()}`,
    );
  return (await response.json()) as T;
}

/** The parcel as the simulated carrier plans it; its tracking starts just after packing. */
async function parcelAtCarrier(trackingNumber: string): Promise<SimulatedParcel> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(url(`/_carrier-simulator/parcels/${trackingNumber}`), {
      headers: { authorization: `Bearer ${SIMULATOR_KEY}` },
    });
    if (response.ok) return (await response.json()) as SimulatedParcel;
    if (response.status !== 404 || Date.now() > deadline)
      assert.fail(
        `the carrier simulator did not start tracking parcel ${trackingNumber} within 30 s (answer ${response.status})${storeSaid(/start-tracking/)}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Has the carrier's next events happen now, one at a time, until `done` holds for the parcel,
 * then sends the webhooks due; returns the parcel as it is then.
 */
async function carrierMovesUntil(
  trackingNumber: string,
  what: string,
  done: (parcel: SimulatedParcel) => boolean,
): Promise<SimulatedParcel> {
  for (let moves = 0; moves < 12; moves++) {
    const parcel = await parcelAtCarrier(trackingNumber);
    if (done(parcel)) {
      await simulator('POST', '/deliver');
      return parcel;
    }
    await simulator('POST', `/parcels/${trackingNumber}/advance`, { to: 'next' });
  }
  assert.fail(`the carrier simulator never got parcel ${trackingNumber} ${what}`);
}

/** The parcel's events the store was sent, oldest first. */
const sentEvents = (parcel: SimulatedParcel) =>
  parcel.events
    .filter((event) => event.sentAt !== null)
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));

/** The newest delivery estimate among the events sent: a single day, as the simulator gives it. */
function carrierEstimate(parcel: SimulatedParcel): string {
  const estimate = sentEvents(parcel).findLast(
    (event) => event.estimatedDelivery,
  )?.estimatedDelivery;
  assert.ok(estimate, `no event sent about parcel ${parcel.trackingNumber} carries an estimate`);
  assert.equal(estimate.earliest, estimate.latest, 'the simulator gave a span, not a day');
  return estimate.latest;
}

/** Posts a batch of tracking events to the store's UPS webhook, signed with `secret`. */
async function carrierWebhook(
  events: WireEvent[],
  secret: string,
): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify({ carrier: 'ups', events });
  const response = await fetch(url('/webhooks/carriers/ups'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signCarrierPayload(secret, payload, Math.floor(Date.now() / 1000)),
    },
    body: payload,
  });
  return { status: response.status, body: await response.text() };
}

// ---- Dates in words, worked out here rather than by the store ---------------------------------

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A local date ('2026-11-26') at noon UTC, so its weekday is the same everywhere. */
const noonOf = (date: string) => new Date(`${date}T12:00:00Z`);

/** "Arrives Thursday, November 26" (or "Arrives Thursday 26 November" in a day-first locale). */
function arrives(date: string): RegExp {
  const day = noonOf(date);
  const weekday = WEEKDAYS[day.getUTCDay()]!;
  const month = MONTHS[day.getUTCMonth()]!;
  const number = day.getUTCDate();
  return new RegExp(`^Arrives ${weekday},? (?:${month} ${number}|${number} ${month})$`);
}

/** The first Thursday after `date`. */
function thursdayAfter(date: string): string {
  const day = noonOf(date);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() !== 4);
  return day.toISOString().slice(0, 10);
}

// ---- What the guest sees on the order page ---------------------------------------------------

interface Step {
  label: string;
  state: string;
  at: string | null;
  time: string;
}

/** The order's timeline as shown: each step's name, state (done, current, to come) and time. */
async function timeline(page: Page): Promise<Step[]> {
  return await page.locator('ol.order-steps > li').evaluateAll((items) =>
    items.map((item) => {
      const name = item.querySelector('.order-step__name')?.cloneNode(true) as HTMLElement | null;
      name?.querySelector('.visually-hidden')?.remove();
      const time = item.querySelector('time');
      return {
        label: name?.textContent?.trim() ?? '',
        state: /order-step--(\w+)/.exec(item.className)?.[1] ?? '',
        at: time?.getAttribute('datetime') ?? null,
        time: time?.textContent?.trim() ?? '',
      };
    }),
  );
}

/**
 * The timeline shows exactly `taken` as the steps the order took, in order, each with its time
 * (the last one current), and every later step as still to come without a time.
 */
async function expectSteps(page: Page, taken: readonly string[]): Promise<void> {
  const steps = await timeline(page);
  const done = steps.filter((step) => step.at !== null);
  assert.deepEqual(
    done.map((step) => step.label),
    taken,
    `the timeline's steps with a time are ${JSON.stringify(done.map((s) => s.label))}, not ${JSON.stringify(taken)}`,
  );
  for (const step of done)
    assert.match(step.time, /\d/, `the step "${step.label}" shows no time in words`);
  const times = done.map((step) => Date.parse(step.at!));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
    'the timeline’s steps are not in the order they happened',
  );
  assert.equal(
    done.at(-1)?.state,
    'current',
    `the last step taken, "${done.at(-1)?.label}", is not marked as the current one`,
  );
  const later = steps.slice(done.length);
  assert.ok(
    later.every((step) => step.state === 'upcoming' && step.at === null),
    `a step after "${taken.at(-1)}" is not shown as still to come: ${JSON.stringify(later)}`,
  );
}

const parcel = (page: Page) => page.locator('#parcels article.order-parcel').first();

/** The carrier's scans on the page, newest first, as "<ISO time> <what>". */
async function scansShown(page: Page): Promise<string[]> {
  return await parcel(page)
    .locator('ol.tracking-events > li')
    .evaluateAll((items) =>
      items.map(
        (item) =>
          `${item.querySelector('time')?.getAttribute('datetime') ?? '(no time)'} ${item.querySelector('.tracking-event__what')?.textContent?.trim() ?? ''}`,
      ),
    );
}

/** The page lists every event the store was sent, newest first, each with its time. */
async function expectScans(page: Page, events: readonly WireEvent[]): Promise<void> {
  const expected = [...events]
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
    .map((event) => `${event.occurredAt} ${event.detail}`);
  assert.deepEqual(
    await scansShown(page),
    expected,
    'the parcel’s scans on the order page are not the carrier’s events, newest first, with their times',
  );
}

/** Reloads the guest's page and checks where the order stands, in words. */
async function guestSees(page: Page, now: RegExp, steps: readonly string[]): Promise<void> {
  await page.reload();
  await textMatches(page.locator('.order-now'), now, 'where the order stands');
  await expectSteps(page, steps);
}

const STEPS = [
  'Recorded',
  'Payment confirmed',
  'In preparation',
  'Prepared',
  'Shipped',
  'Out for delivery',
  'Delivered',
];
const stepsTo = (last: string) => STEPS.slice(0, STEPS.indexOf(last) + 1);

describe('a guest follows their order from the confirmation to their doorstep', () => {
  test('the link from the confirmation shows every step from Recorded to Delivered with its time, the carrier’s scans, the estimate in words (a Thursday), a counted tracking link, and ignores a forged carrier webhook', async () => {
    const { page } = browser;

    // The guest buys and pays; the confirmation's address is the signed link they keep.
    await startCheckout(page, store.baseUrl, CARDBOARD_POTS);
    await fillDetails(page, store.baseUrl, shopperEmail());
    const number = await placeOrder(page);
    await payByCard(page, store.baseUrl, CARDS.ok);
    await expectPaid(page, number);
    const link = new URL(page.url());
    link.hash = '';
    assert.ok(
      link.searchParams.get('t'),
      `the confirmation’s address is not a signed link: ${link}`,
    );

    // Later, with nothing but the link: no session, no cart.
    await browser.context.clearCookies();
    await page.goto(link.href);
    await expectSteps(page, stepsTo('Payment confirmed'));
    assert.equal(await parcel(page).count(), 0, 'a parcel shows before anything was packed');

    // Staff prepare, pack and ship it in the fulfillment console.
    const trackingNumber = generateTrackingNumber('ups');
    const staff = await newPerson(browser.browser);
    try {
      const console_ = staff.page;
      await staffOpens(console_, store.baseUrl, staffAccount, '/admin/fulfillment');
      await shown(
        console_.getByRole('row').filter({ hasText: number }),
        `order ${number} in the queue of orders ready to prepare`,
      );
      await checkA11y(console_);
      await Promise.all([
        console_.waitForURL(/[?&]tab=preparing/),
        console_.getByRole('button', { name: `Start preparing order ${number}` }).click(),
      ]);
      await textMatches(
        console_.getByRole('status').filter({ hasText: 'in preparation' }),
        new RegExp(`Order ${number} is in preparation`),
        'the console’s notice after starting the order',
      );
      await guestSees(page, /^Now: In preparation$/, stepsTo('In preparation'));

      await Promise.all([
        console_.waitForURL((u) => u.pathname === `/admin/fulfillment/orders/${number}`),
        console_.getByRole('link', { name: number, exact: true }).click(),
      ]);
      await console_.getByLabel(`Units of ${CARDBOARD_POTS.title} in this parcel`).fill('1');
      await console_.getByLabel('Carrier', { exact: true }).selectOption({ label: 'UPS' });
      await console_.getByLabel('Service', { exact: true }).fill('Ground');
      await console_.getByLabel('Tracking number', { exact: true }).fill(trackingNumber);
      await Promise.all([
        console_.waitForURL(/[?&]notice=packed/),
        console_.getByRole('button', { name: 'Pack the parcel' }).click(),
      ]);
      await textMatches(
        console_.getByRole('status').filter({ hasText: 'Parcel packed' }),
        /^Parcel packed\./,
        'the console’s notice after packing',
      );
      await checkA11y(console_);
      await snap(console_, 'fulfillment-order-packed');
      await guestSees(page, /^Now: Prepared$/, stepsTo('Prepared'));

      await Promise.all([
        console_.waitForURL(/[?&]notice=shipped/),
        console_.getByRole('button', { name: /^Mark shipped/ }).click(),
      ]);
      await textMatches(
        console_.getByRole('status').filter({ hasText: 'marked shipped' }),
        /^Parcel marked shipped/,
        'the console’s notice after marking the parcel shipped',
      );
    } finally {
      await staff.close();
    }
    await guestSees(page, /^Now: Shipped$/, stepsTo('Shipped'));
    await textMatches(
      parcel(page).locator('.order-parcel__status'),
      /^Handed to the carrier$/,
      'the parcel’s status',
    );

    // The tracking number goes to UPS's page through the store's counted redirect.
    const tracking = await shown(
      parcel(page).getByRole('link', { name: trackingNumber }),
      'the tracking number as a link',
    );
    const href = await tracking.getAttribute('href');
    assert.ok(href, 'the tracking number links nowhere');
    assert.equal(
      new URL(href, store.baseUrl).pathname,
      `/orders/${number}/parcels/1/track`,
      'the tracking link does not go through the store’s counted redirect',
    );
    const redirect = await page.request.get(url(href), { maxRedirects: 0 });
    assert.equal(redirect.status(), 302, `the tracking redirect answered ${redirect.status()}`);
    const carrierPage = new URL(redirect.headers().location ?? '', 'http://no-location.invalid');
    assert.equal(
      carrierPage.hostname,
      'wwwapps.ups.com',
      `the tracking link leads to ${carrierPage.href}, not UPS`,
    );
    assert.equal(
      carrierPage.searchParams.get('trackNums'),
      trackingNumber,
      'UPS’s page is not asked for this parcel',
    );
    assert.equal(
      redirect.headers()['referrer-policy'],
      'no-referrer',
      'the signed link could reach UPS in a Referer header',
    );

    // The carrier collects it and it travels: in transit, with the carrier's estimate.
    let atCarrier = await carrierMovesUntil(trackingNumber, 'in transit', (p) =>
      p.events.some((e) => e.code === 'in_transit' && e.sentAt !== null),
    );
    await guestSees(page, /^Now: Shipped$/, stepsTo('Shipped'));
    await textMatches(
      parcel(page).locator('.order-parcel__status'),
      /^In transit$/,
      'the parcel’s status',
    );
    await expectScans(page, sentEvents(atCarrier));
    const estimate = carrierEstimate(atCarrier);
    await textMatches(page.locator('.order-estimate'), arrives(estimate), 'the order’s estimate');
    await textMatches(
      parcel(page).locator('.order-parcel__when'),
      arrives(estimate),
      'the parcel’s estimate',
    );
    await snap(page, 'tracking-in-transit');

    // Every scan on the way, then the carrier reports a delay: the parcel now comes on a Thursday.
    atCarrier = await carrierMovesUntil(
      trackingNumber,
      'to its last scan before delivery',
      (p) => p.events.find((e) => e.sentAt === null)?.code === 'out_for_delivery',
    );
    const thursday = thursdayAfter(carrierEstimate(atCarrier));
    const delay: WireEvent = {
      id: `e2e-delay-${randomBytes(6).toString('hex')}`,
      trackingNumber,
      code: 'delayed',
      detail: 'Delayed in transit: held at the sorting hub, it will arrive later than planned',
      location: { city: 'Louisville', region: 'KY', country: 'US' },
      occurredAt: new Date().toISOString(),
      estimatedDelivery: { earliest: thursday, latest: thursday },
    };
    const sent = await carrierWebhook([delay], WEBHOOK_SECRET);
    assert.equal(sent.status, 200, `the store refused the carrier’s signed delay: ${sent.body}`);
    await guestSees(page, /^Now: Shipped$/, stepsTo('Shipped'));
    await textMatches(
      page.locator('.order-estimate'),
      arrives(thursday),
      'the order’s estimate after the delay',
    );
    assert.match(
      await textMatches(
        parcel(page).locator('.order-parcel__when'),
        arrives(thursday),
        'the parcel’s estimate after the delay',
      ),
      /^Arrives Thursday\b/,
      'the delayed parcel does not arrive on a Thursday',
    );
    await textMatches(
      parcel(page).locator('.alert'),
      /^The parcel is delayed/,
      'the delay explained on the parcel',
    );
    await expectScans(page, [...sentEvents(atCarrier), delay]);
    await checkA11y(page);
    await snap(page, 'tracking-delayed-to-thursday');

    // Out for delivery this morning.
    await simulator('POST', `/parcels/${trackingNumber}/advance`, { to: 'out_for_delivery' });
    await simulator('POST', '/deliver');
    atCarrier = await parcelAtCarrier(trackingNumber);
    await guestSees(page, /^Now: Out for delivery — arrives today$/, stepsTo('Out for delivery'));
    await textMatches(
      parcel(page).locator('.order-parcel__status'),
      /^Out for delivery$/,
      'the parcel’s status',
    );
    assert.equal(
      await parcel(page).locator('.alert').count(),
      0,
      'the delay is still shown once the parcel is out for delivery',
    );
    await expectScans(page, [...sentEvents(atCarrier), delay]);

    // A "delivered" that the carrier did not sign: refused, and the page does not change.
    const before = {
      now: await page.locator('.order-now').innerText(),
      status: await parcel(page).locator('.order-parcel__status').innerText(),
      scans: await scansShown(page),
    };
    const forged = await carrierWebhook(
      [
        {
          id: `forged-${randomBytes(6).toString('hex')}`,
          trackingNumber,
          code: 'delivered',
          detail: 'Delivered: left at the front door',
          location: {},
          occurredAt: new Date().toISOString(),
        },
      ],
      'not-the-carriers-secret',
    );
    assert.equal(forged.status, 401, `a forged carrier webhook was answered ${forged.status}`);
    await page.reload();
    assert.deepEqual(
      {
        now: await page.locator('.order-now').innerText(),
        status: await parcel(page).locator('.order-parcel__status').innerText(),
        scans: await scansShown(page),
      },
      before,
      'a forged carrier webhook changed the order page',
    );

    // Delivered.
    await simulator('POST', `/parcels/${trackingNumber}/advance`, { to: 'delivered' });
    await simulator('POST', '/deliver');
    atCarrier = await parcelAtCarrier(trackingNumber);
    assert.ok(
      atCarrier.events.every((event) => event.sentAt !== null),
      'the carrier simulator still has events to send after delivering',
    );
    await guestSees(page, /^Now: Delivered$/, stepsTo('Delivered'));
    await textMatches(
      parcel(page).locator('.order-parcel__when'),
      /^Delivered \S.*\d/,
      'when the parcel was delivered',
    );
    await expectScans(page, [...sentEvents(atCarrier), delay]);
    assert.equal(
      await page.locator('.order-estimate').count(),
      0,
      'a delivered order still says when it arrives',
    );
    await checkA11y(page);
    await snap(page, 'tracking-delivered');
    assert.deepEqual(browser.pageErrors, []);
  });
});
