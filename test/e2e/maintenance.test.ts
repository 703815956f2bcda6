// Planned maintenance in a real browser, on the demo store: the merchant schedules a window two
// days ahead and the banner is on the home, product, cart and checkout pages, in the shopper's
// own time zone; closed on one page it stays closed, except on the cart and checkout. Then a
// window twenty minutes ahead: checkouts drain, so a new checkout is paused politely (with
// "email me when it's back" and the cart kept) while a shopper already at checkout places
// their order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ACTION_TIMEOUT_MS, checkA11y, useBrowser } from './support/browser.ts';
import {
  demoAdmin,
  fillDetails,
  inOtherBrowser,
  placeOrder,
  shopperEmail,
  shown,
  staffOpens,
  startCheckout,
  storeUrl,
  textMatches,
  type StaffAccount,
} from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let staff: StaffAccount;

const databaseEnv = process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {};

before(async () => {
  store = await startStore({ demoData: true, env: databaseEnv });
  staff = demoAdmin(store);
});
after(async () => {
  await store?.stop();
});

const url = (path: string) => storeUrl(store.baseUrl, path);
const MINUTE = 60_000;
const POT = { handle: 'clay-plant-pot', title: 'Clay Plant Pot', variant: 'Regular' };
const banner = (page: Page) => page.locator('section.site-status');

/** Add to cart on the product page, once the header counts the pot. */
async function addPot(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await textMatches(page.locator('header .cart-count'), /^\D*1\D*$/, 'the cart count', 10_000);
}

/** The local day and time fields of `instant` in `timeZone`, as the admin form takes them. */
function localFields(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The merchant schedules a window on /admin/maintenance, in the store's time zone; answers its page's path. */
async function scheduleWindow(page: Page, startsAt: Date, endsAt: Date, scope: 'Checkout and payments' | 'The whole store', message: string): Promise<string> {
  await staffOpens(page, store.baseUrl, staff, '/admin/maintenance');
  const zone = /Times are in the store’s time zone, ([\w/+-]+)/.exec(await page.locator('main').innerText())?.[1];
  assert.ok(zone, 'the schedule form names the store’s time zone');
  const start = localFields(startsAt, zone);
  const end = localFields(endsAt, zone);
  await page.locator('#field-startDate').fill(start.date);
  await page.locator('#field-startTime').fill(start.time);
  await page.locator('#field-endDate').fill(end.date);
  await page.locator('#field-endTime').fill(end.time);
  await page.getByLabel(scope).check();
  await page.getByLabel('Message to customers').fill(message);
  await Promise.all([page.waitForURL(/\/admin\/maintenance\/[0-9a-f-]{36}/), page.getByRole('button', { name: 'Schedule' }).click()]);
  return new URL(page.url()).pathname;
}

describe('planned maintenance', () => {
  test('two days before, the banner is on the home, product, cart and checkout pages, in the shopper’s time zone', async () => {
    const startsAt = new Date(Math.ceil((Date.now() + 47 * 60 * MINUTE) / MINUTE) * MINUTE);
    await scheduleWindow(browser.page, startsAt, new Date(startsAt.getTime() + 2 * 60 * MINUTE), 'Checkout and payments', 'We are moving to a faster payment system.');

    // A shopper in Paris: the cached page says the store's zone, the island says theirs.
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Paris', locale: 'en-GB' });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      await page.goto(url('/'));
      await shown(banner(page).getByText('Planned maintenance: checkout and payments will be unavailable.'), 'the banner on the home page');
      await shown(banner(page).getByText('We are moving to a faster payment system.'), 'the merchant’s message');
      const when = banner(page).locator('time');
      await shown(when.filter({ hasText: /\(your time\)$/ }), 'the window in the shopper’s own time zone');
      const expected = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric', minute: '2-digit' }).format(startsAt);
      assert.ok((await when.innerText()).includes(expected), `"${await when.innerText()}" shows the start at ${expected} Paris time`);
      assert.equal(await banner(page).getByRole('link', { name: 'More about this' }).getAttribute('href'), '/status');
      await checkA11y(page);

      // Closed once, it stays closed while browsing...
      await banner(page).getByRole('button', { name: 'Dismiss this notice' }).click();
      await page.goto(url(`/products/${POT.handle}`));
      await shown(page.getByRole('heading', { level: 1, name: POT.title }), 'the product page');
      await shown(page.locator('.buy-box .option-group__current'), 'the live variant picker');
      assert.equal(await banner(page).isVisible(), false, 'closed for this session');
      // ...but it is back where the shopper is about to buy.
      await addPot(page);
      await page.goto(url('/cart'));
      await shown(banner(page).getByText('Planned maintenance: checkout and payments will be unavailable.'), 'the banner on the cart page');
      await Promise.all([page.waitForURL(/\/checkout$/), page.getByRole('button', { name: 'Checkout' }).click()]);
      await shown(page.getByRole('heading', { level: 1, name: 'Checkout' }), 'the checkout page');
      await shown(banner(page).getByText('Planned maintenance: checkout and payments will be unavailable.'), 'the banner on the checkout page');
    } finally {
      await context.close();
    }

    // A new visitor sees it on the product page too.
    await inOtherBrowser(browser.browser, async (page) => {
      await page.goto(url(`/products/${POT.handle}`));
      await shown(banner(page).getByText('Planned maintenance: checkout and payments will be unavailable.'), 'the banner on the product page');
    });
  });

  test('while checkouts drain, a new checkout is paused politely and one in progress is placed', async () => {
    // A shopper already at checkout, details typed, before the drain begins.
    const page = browser.page;
    await startCheckout(page, store.baseUrl, POT);
    await fillDetails(page, store.baseUrl, shopperEmail());

    // The merchant schedules a window 20 minutes ahead: checkouts drain from 30 minutes before.
    await inOtherBrowser(browser.browser, async (admin) => {
      const startsAt = new Date(Math.ceil((Date.now() + 20 * MINUTE) / MINUTE) * MINUTE);
      await scheduleWindow(admin, startsAt, new Date(startsAt.getTime() + 30 * MINUTE), 'Checkout and payments', 'We are updating our payment system.');
    });

    // Another shopper presses Checkout: told why and when it is back, offered an email, cart kept.
    await inOtherBrowser(browser.browser, async (other) => {
      await other.goto(url(`/products/${POT.handle}`));
      await shown(other.locator('.buy-box .option-group__current'), 'the live variant picker');
      await addPot(other);
      await other.goto(url('/cart'));
      await shown(banner(other).getByText(/Planned maintenance starts soon: new checkouts are paused/), 'the drain banner on the cart page');
      await shown(banner(other).getByText(/Checkout closes in \d{1,2}:\d\d\./), 'the live countdown of the last hour');
      await other.getByRole('button', { name: 'Checkout' }).click();
      await shown(other.getByRole('heading', { level: 1, name: 'Checkout is paused for planned maintenance' }), 'the paused page');
      await shown(other.getByText(/Your cart is kept\. Checkout is back at/), 'when checkout is back');
      await checkA11y(other);
      await other.getByLabel('Your email address').fill('grace@example.com');
      await other.getByRole('button', { name: 'Email me when checkout is back' }).click();
      await shown(other.getByRole('heading', { level: 1, name: 'We will email you' }), 'the email is kept');
      await other.goto(url('/cart'));
      await shown(other.getByRole('heading', { level: 1, name: 'Your cart' }), 'the cart page');
      await shown(other.getByRole('link', { name: POT.title }).first(), 'the pot still in the cart');
    });

    // The first shopper's checkout finishes: the order stands.
    const number = await placeOrder(page);
    assert.match(number, /^DS-/);
  });
});
