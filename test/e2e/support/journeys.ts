// What shoppers and staff do in more than one browser test, as plain functions: waiting for what
// a person would see (failing with a sentence, not a timeout), signing staff in, a second person
// at another computer, and a guest's checkout from the product page to a paid order on the
// gateway simulator's card page. Each takes what it acts on (the page, the store's address, the
// staff account), so any test file can drive its own store with them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ACTION_TIMEOUT_MS } from './browser.ts';
import type { RunningStore } from './server.ts';

export interface StaffAccount {
  email: string;
  password: string;
}

/** A demo staff account, as the demo store prints it when it makes it ("Demo admin: <email> / <password>"). */
function printedAccount(store: RunningStore, label: 'Demo admin' | 'Demo agent'): StaffAccount {
  const match = new RegExp(`${label}: (\\S+) / (\\S+)`).exec(store.firstStartOutput());
  assert.ok(match, `the demo store did not print its account "${label}"`);
  return { email: match[1]!, password: match[2]! };
}

export const demoAdmin = (store: RunningStore): StaffAccount => printedAccount(store, 'Demo admin');
export const demoAgent = (store: RunningStore): StaffAccount => printedAccount(store, 'Demo agent');

/** An address on the store. */
export const storeUrl = (baseUrl: string, path: string) => new URL(path, baseUrl).href;

/** Whether an address is the store's own (and not, say, the gateway's card page). */
export const isStore = (baseUrl: string, address: URL) =>
  address.origin === new URL(baseUrl).origin;

export const CARDS = {
  ok: '4242424242424242',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
};

export const ORDER_NUMBER = /^DS-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
export const ORDER_PAGE = /\/orders\/DS-[0-9A-Z]{4}-[0-9A-Z]{4}(\?|#|$)/;

/** The delivery address every test types: New York, which has sales tax. */
export const ADDRESS = {
  name: 'Ann Example',
  line1: '350 Fifth Avenue',
  city: 'New York',
  state: 'New York',
  zip: '10118',
};

/** A fresh address per call and per run, so orders can be told apart (also on a reused database). */
const RUN = Date.now().toString(36);
let shoppers = 0;
export const shopperEmail = () => `shopper-${RUN}-${++shoppers}@example.com`;

const shotsDir = process.env.E2E_SCREENSHOTS;
/** A full-page screenshot of a key page, when E2E_SCREENSHOTS names a directory. */
export async function snap(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

/** Waits until the element is visible, failing with a sentence rather than a timeout. */
export async function shown(locator: Locator, what: string, timeout = 5_000): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    assert.fail(`${what} is not visible on ${locator.page().url()}`);
  }
  return locator.first();
}

/** Waits until the element's text matches; fails showing the last text seen. */
export async function textMatches(
  locator: Locator,
  pattern: RegExp,
  what: string,
  timeout = 5_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '(no such element)';
  for (;;) {
    if ((await locator.count()) > 0) {
      last = (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
      if (pattern.test(last)) return last;
    }
    if (Date.now() > deadline)
      assert.fail(`${what}: expected ${pattern}, saw "${last}" on ${locator.page().url()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** "$1,234.56" as cents. */
export function cents(text: string): number {
  const match = /\$([\d,]+)\.(\d\d)/.exec(text);
  assert.ok(match, `"${text}" is not an amount in dollars`);
  return Number(match[1]!.replaceAll(',', '')) * 100 + Number(match[2]);
}

/** Another person at another computer: their own cookies and storage, until `close`. */
export async function newPerson(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return { page, close: () => context.close() };
}

/** A second person at another computer for the length of `work`, closed at the end. */
export async function inOtherBrowser<T>(
  browser: Browser,
  work: (page: Page) => Promise<T>,
): Promise<T> {
  const person = await newPerson(browser);
  try {
    return await work(person.page);
  } finally {
    await person.close();
  }
}

/** Staff sign in on the way to an admin page, as the store's sign-in form asks. */
export async function staffOpens(
  page: Page,
  baseUrl: string,
  staff: StaffAccount,
  path: string,
): Promise<void> {
  const target = storeUrl(baseUrl, path);
  await page.goto(target);
  await page.getByLabel('Work email').fill(staff.email);
  await page.getByLabel('Password').fill(staff.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === new URL(target).pathname),
    page.getByRole('main').getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

export interface DemoProduct {
  handle: string;
  title: string;
  /**
   * The variant the buy box starts on, for a product with options to choose: the page is
   * used once its picker runs (it then repeats the choice), and the checkout lists the line as
   * "<title> — <variant>". Without options there is no picker to wait for.
   */
  variant?: string;
}

/** Product page → Add to cart → cart page → Checkout: ends on the checkout form. */
export async function startCheckout(
  page: Page,
  baseUrl: string,
  product: DemoProduct,
): Promise<void> {
  await page.goto(storeUrl(baseUrl, `/products/${product.handle}`));
  await shown(page.getByRole('heading', { level: 1, name: product.title }), 'the product heading');
  // The buy box's island repeats the chosen option once it runs.
  if (product.variant)
    await shown(page.locator('.buy-box .option-group__current'), 'the live variant picker');
  // In the page when the add-to-cart island is running, else posted to the cart page: either way the badge counts it.
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await textMatches(page.locator('header .cart-count'), /^\D*1\D*$/, 'the cart count', 10_000);
  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.waitForURL(/\/cart$/);
  await shown(page.getByRole('heading', { level: 1, name: 'Your cart' }), 'the cart page');
  await Promise.all([
    page.waitForURL(/\/checkout$/),
    page.getByRole('button', { name: 'Checkout' }).click(),
  ]);
  await shown(page.getByRole('heading', { level: 1, name: 'Checkout' }), 'the checkout page');
  await checkoutReady(page);
}

/** The checkout form's island is running: its autosave note is there. */
export async function checkoutReady(page: Page): Promise<void> {
  await shown(page.locator('.checkout-save'), 'the autosave note of the checkout form');
}

const DRAFT_FIELDS = [
  'email',
  'country',
  'name',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'phone',
] as const;

/** The checkout as the store has saved it (the draft the form autosaves to). */
export async function savedDraft(
  page: Page,
  baseUrl: string,
): Promise<{ values: Record<string, string> }> {
  const response = await page.request.get(storeUrl(baseUrl, '/api/v1/checkout/draft'));
  assert.equal(response.status(), 200, `GET /api/v1/checkout/draft answered ${response.status()}`);
  return (await response.json()) as { values: Record<string, string> };
}

/**
 * Waits until the store holds every field as the form shows it and the form says so. Errors
 * and totals come back with each save, so a test acts on the form only once it is settled.
 */
export async function allSaved(page: Page, baseUrl: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const shownValues = await page.locator('#checkout-form').evaluate(
      (form: HTMLFormElement, fields) => {
        const values: Record<string, string> = {};
        for (const field of fields) {
          const element = form.elements.namedItem(field);
          if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement)
            values[field] = element.value;
        }
        return values;
      },
      [...DRAFT_FIELDS],
    );
    const { values } = await savedDraft(page, baseUrl);
    const unsaved = Object.keys(shownValues).filter(
      (field) => shownValues[field] !== values[field],
    );
    const note = (await page.locator('.checkout-save').innerText()).trim();
    // "Saved as you type" until the first change, then "All changes saved." after each save.
    if (
      unsaved.length === 0 &&
      /^(All changes saved|Your details are saved as you type)\.$/.test(note)
    )
      return;
    if (Date.now() > deadline)
      assert.fail(
        `the form was not saved within 10 s: note "${note}", fields not saved: ${unsaved.map((f) => `${f} (shown "${shownValues[f]}", saved "${values[f]}")`).join(', ') || 'none'}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types the contact and the whole New York address, like a shopper, field after field. */
export async function fillDetails(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.getByLabel('Email').pressSequentially(email);
  await page.getByLabel('Country').selectOption({ label: 'United States' });
  await page.getByLabel('Full name').pressSequentially(ADDRESS.name);
  await page.getByLabel('Address line 1').pressSequentially(ADDRESS.line1);
  await page.getByLabel('City').pressSequentially(ADDRESS.city);
  await page.getByLabel('State').selectOption({ label: ADDRESS.state });
  await page.getByLabel('ZIP code').pressSequentially(ADDRESS.zip);
  await page.keyboard.press('Tab');
  await allSaved(page, baseUrl);
}

/** Presses "Place order" and waits for the order page; returns its number. */
export async function placeOrder(page: Page): Promise<string> {
  await Promise.all([
    page.waitForURL(ORDER_PAGE),
    page.getByRole('button', { name: 'Place order' }).click(),
  ]);
  return await orderNumberOnPage(page);
}

export async function orderNumberOnPage(page: Page): Promise<string> {
  return await textMatches(page.locator('main h1'), ORDER_NUMBER, 'the order number');
}

export const payBlock = (page: Page) => page.locator('section#pay');

/** The order page says the payment is confirmed and offers nothing more to pay. */
export async function expectPaid(page: Page, number: string): Promise<void> {
  assert.equal(await orderNumberOnPage(page), number, 'the order page shows the same order number');
  await textMatches(
    page.locator('.order-now'),
    /^Now: Payment confirmed$/,
    'where the order stands',
  );
  assert.equal(await payBlock(page).count(), 0, 'a paid order still shows the pay block');
  assert.equal(
    (await page.getByRole('link', { name: /Pay by card|Try another card/ }).count()) +
      (await page.getByRole('button', { name: /Pay by card/ }).count()),
    0,
    'a paid order still offers to pay by card',
  );
}

/** On the simulator's card page (another origin), types a card like a shopper and presses Enter. */
export async function payOnCardPage(
  page: Page,
  baseUrl: string,
  card: string,
  amount?: number,
): Promise<void> {
  await shown(
    page.getByRole('heading', { level: 1, name: 'Pay by card' }),
    'the gateway’s card page',
  );
  assert.ok(
    !isStore(baseUrl, new URL(page.url())),
    `the card page is served by the store itself: ${page.url()}`,
  );
  if (amount !== undefined)
    assert.equal(
      cents(await page.locator('.amount').innerText()),
      amount,
      'the card page asks for the order total',
    );
  await page.getByLabel('Card number').pressSequentially(card);
  await page.getByLabel('Expiry (MM / YY)').pressSequentially('12 / 34');
  await page.getByLabel('Security code').pressSequentially('123');
  await page.getByLabel('Name on card').pressSequentially(ADDRESS.name);
  await page.keyboard.press('Enter');
}

/** From the shopper's order page: "Pay by card" (or "Try another card"), the card, back on the store. */
export async function payByCard(
  page: Page,
  baseUrl: string,
  card: string,
  button: 'Pay by card' | 'Try another card' = 'Pay by card',
  amount?: number,
): Promise<void> {
  await Promise.all([
    page.waitForURL((u) => !isStore(baseUrl, u)),
    page.getByRole('link', { name: button }).click(),
  ]);
  await snap(page, `card-page-${button === 'Pay by card' ? 'first' : 'retry'}`);
  await payOnCardPage(page, baseUrl, card, amount);
  await page.waitForURL(
    (u) => isStore(baseUrl, u) && ORDER_PAGE.test(u.pathname + u.search + u.hash),
    { timeout: 15_000 },
  );
}
