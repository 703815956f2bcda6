// The availability promise in a real browser: the product page says when an item arrives
// (or when a backorder ships), an open product page follows stock the merchant changes in
// the admin without a reload, the checkout review shows every line's promise and how long
// the items are held, and two shoppers racing for the last unit never both get it.
//
// Each test stocks its own demo products through the inventory admin, as a merchant would.
// On PostgreSQL: E2E_DATABASE_URL=postgres://…/<an empty database> (the demo loads into it).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test, type TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { ACTION_TIMEOUT_MS, checkA11y, resultsDir, screenshotName, useBrowser } from './support/browser.ts';
import { startStore, type RunningStore } from './support/server.ts';
import { demoAdmin, textMatches } from './support/journeys.ts';

const browser = useBrowser();
let store: RunningStore;
let staffCredentials: { email: string; password: string };

const databaseEnv = process.env.E2E_DATABASE_URL
  ? { DATABASE_URL: process.env.E2E_DATABASE_URL }
  : {};

before(async () => {
  // Loading the demo store and its stock takes a while on a busy machine.
  store = await startStore({ demoData: true, env: databaseEnv });
  staffCredentials = demoAdmin(store);
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => new URL(path, store.baseUrl).href;

// Pages of other browser contexts (the merchant, a second shopper) opened by the current
// test: closed after it, and photographed when it failed, like the fixture's own page.
const extraContexts: { label: string; context: BrowserContext; page: Page }[] = [];

async function newPage(label: string): Promise<Page> {
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  extraContexts.push({ label, context, page });
  return page;
}

afterEach(async (t) => {
  const finished = t as TestContext & { passed?: boolean };
  for (const { label, context, page } of extraContexts.splice(0)) {
    if (finished.passed === false) {
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, screenshotName(`${finished.fullName} ${label}`));
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).then(
        () => process.stderr.write(`[e2e] ${label} was on ${page.url()}; screenshot: ${file}\n`),
        (error: unknown) =>
          process.stderr.write(`[e2e] no screenshot of ${label}: ${String(error)}\n`),
      );
    }
    await context.close();
  }
});


/** The product's first variant id, from the catalogue's JSON API. */
async function variantOf(handle: string): Promise<string> {
  const response = await fetch(url(`/api/v1/products/${handle}`), {
    headers: { accept: 'application/json' },
  });
  assert.equal(response.status, 200, `GET /api/v1/products/${handle}`);
  const { product } = (await response.json()) as { product: { variants: { id: string }[] } };
  return product.variants[0]!.id;
}

/** The merchant's side: a signed-in staff page in its own browser context. */
class Merchant {
  readonly page: Page;

  private constructor(page: Page) {
    this.page = page;
  }

  static async signIn(): Promise<Merchant> {
    const page = await newPage('the merchant');
    await page.goto(url('/admin/inventory'));
    await page.getByLabel('Work email').fill(staffCredentials.email);
    await page.getByLabel('Password').fill(staffCredentials.password);
    await Promise.all([
      page.waitForURL(/\/admin\/inventory/),
      page.getByRole('main').getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return new Merchant(page);
  }

  private async openVariant(variantId: string): Promise<void> {
    const response = await this.page.goto(url(`/admin/inventory/variants/${variantId}`));
    assert.equal(response?.status(), 200, 'the variant’s stock page opens');
  }

  /** Sets the selling policy; stock is counted. */
  async setPolicy(
    variantId: string,
    policy: 'Sell only what is in stock' | 'Allow backorders',
    leadTimeDays = '',
  ): Promise<void> {
    await this.openVariant(variantId);
    const form = this.page.locator('form[action$="/policy"]');
    await form.getByLabel('When stock runs out').selectOption({ label: policy });
    await form.getByLabel('Count stock for this variant').check();
    await form.getByLabel('Lead time (business days)').fill(leadTimeDays);
    await form.getByRole('button', { name: 'Save policy' }).click();
    await textMatches(
      this.page.getByRole('status'),
      /Selling policy saved/,
      'the notice after saving the policy',
    );
  }

  /** Counts the stock at the default location: on hand is now `onHand`. */
  async setStock(variantId: string, onHand: number): Promise<void> {
    await this.openVariant(variantId);
    const form = this.page.locator('form[action$="/adjust"]');
    await form.getByLabel('On hand is now').check();
    await form.getByLabel('Quantity').fill(String(onHand));
    await form.getByLabel('Reason').fill('Browser test stock count');
    await form.getByRole('button', { name: 'Save stock' }).click();
    await textMatches(
      this.page.getByRole('status'),
      /Stock saved/,
      'the notice after saving stock',
    );
  }

  /** A variant sold only from stock, with `onHand` units. */
  async stock(handle: string, onHand: number): Promise<string> {
    const variantId = await variantOf(handle);
    await this.setPolicy(variantId, 'Sell only what is in stock');
    await this.setStock(variantId, onHand);
    return variantId;
  }
}

const PROMISE = '[data-slot="delivery-promise"]';

/** Opens a product page and waits for its buy box to be live (the island running). */
async function openProduct(page: Page, handle: string): Promise<void> {
  const response = await page.goto(url(`/products/${handle}`));
  assert.equal(response?.status(), 200, `GET /products/${handle}`);
  await page.locator(PROMISE).first().waitFor();
}

/** "Add to cart" on the open product page, then the cart page. */
async function addToCart(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await Promise.any([
    page.waitForURL(/\/cart$/),
    page.locator('.mini-cart__panel').waitFor({ state: 'visible' }),
  ]).catch(() =>
    assert.fail(
      `after "Add to cart" neither the cart page nor an added-to-cart panel appeared (${page.url()})`,
    ),
  );
  await page.goto(url('/cart'));
}

/**
 * From the cart page: "Checkout", and the page that holds the items when that is a step of
 * its own. Returns without pressing the hold button when `hold` is false.
 */
async function startCheckout(page: Page, hold = true): Promise<void> {
  // A link to the checkout today; a form's button would do as well.
  const main = page.getByRole('main');
  await main
    .getByRole('link', { name: 'Checkout', exact: true })
    .or(main.getByRole('button', { name: 'Checkout', exact: true }))
    .click();
  await page.waitForURL(/\/checkout/);
  const holdButton = page.getByRole('button', { name: 'Hold my items and review' });
  await Promise.any([
    holdButton.waitFor(),
    page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /Checkout|Sold out|Not enough/ })
      .waitFor(),
  ]);
  if (hold && (await holdButton.count()) > 0)
    await Promise.all([page.waitForLoadState('load'), holdButton.click()]);
}

describe('the delivery promise on the product page', () => {
  test('an item in stock says when it arrives; a backordered one when it ships', async () => {
    const merchant = await Merchant.signIn();
    await merchant.stock('white-ceramic-pot', 20);
    const backordered = await variantOf('bedside-table');
    await merchant.setPolicy(backordered, 'Allow backorders', '10');
    await merchant.setStock(backordered, 0);

    const { page } = browser;
    await openProduct(page, 'white-ceramic-pot');
    await textMatches(
      page.locator(PROMISE),
      /^In stock — arrives \S.*\d/,
      'the promise of an item in stock',
    );
    await openProduct(page, 'bedside-table');
    await textMatches(
      page.locator(PROMISE),
      /^Backordered — ships around \S.*\d/,
      'the promise of a backordered item',
    );
    assert.deepEqual(browser.pageErrors, []);
  });
});

describe('live availability', () => {
  test('an open product page follows the stock the merchant sets, without a reload', async () => {
    const merchant = await Merchant.signIn();
    const variantId = await merchant.stock('black-bean-bag', 5);

    const { page } = browser;
    // The page asks for the figures once its stream is open; changes after that reach it.
    const streamOpen = page
      .waitForResponse((r) => r.url().includes('/api/v1/availability'), { timeout: 10_000 })
      .catch(() => null);
    await openProduct(page, 'black-bean-bag');
    await textMatches(page.locator(PROMISE), /^In stock/, 'the promise before the change');
    await streamOpen;
    // A full page load would forget this mark.
    await page.evaluate(() => ((window as unknown as { liveMark: boolean }).liveMark = true));

    await merchant.setStock(variantId, 0);
    await textMatches(
      page.locator(PROMISE),
      /^Sold out/,
      'the open page after stock went to 0',
      10_000,
    );
    await merchant.setStock(variantId, 5);
    await textMatches(
      page.locator(PROMISE),
      /^In stock/,
      'the open page after stock came back',
      10_000,
    );

    assert.equal(
      await page.evaluate(() => (window as unknown as { liveMark?: boolean }).liveMark),
      true,
      'the page was not reloaded',
    );
    assert.deepEqual(browser.pageErrors, []);
  });
});

describe('checkout', () => {
  test('the review shows each line’s promise and how long the items are held', async () => {
    const merchant = await Merchant.signIn();
    await merchant.stock('yellow-watering-can', 10);

    const { page } = browser;
    await openProduct(page, 'yellow-watering-can');
    await addToCart(page);
    await startCheckout(page);
    await page.getByRole('heading', { level: 1, name: 'Checkout', exact: true }).waitFor();
    await textMatches(
      page.locator('main'),
      /We’re holding these items for you until \S/,
      'the hold on the review page',
    );
    const lines = page.locator('main .checkout-line');
    assert.equal(await lines.count(), 1, 'one line on the review page');
    await textMatches(lines.first(), /Yellow Watering Can/i, 'the line’s title');
    await textMatches(
      lines.first().locator('.delivery-promise'),
      /^In stock — arrives \S.*\d/,
      'the line’s promise',
    );
    await checkA11y(page);
    assert.deepEqual(browser.pageErrors, []);
  });

  test('two shoppers race for the last unit: one holds it, the other is told it sold out', async () => {
    const merchant = await Merchant.signIn();
    await merchant.stock('gardening-hand-trowel', 1);

    const first = browser.page;
    const second = await newPage('the second shopper');
    for (const page of [first, second]) {
      await openProduct(page, 'gardening-hand-trowel');
      await addToCart(page);
    }
    // Both press Checkout at the same moment: pressing it holds the items.
    await Promise.all([first, second].map((page) => startCheckout(page)));

    const outcomes = await Promise.all(
      [first, second].map(async (page) => {
        const heading = page.getByRole('heading', { level: 1 });
        const text = await textMatches(
          heading,
          /^Checkout$|Sold out while you were shopping/,
          'the outcome of checkout',
        );
        return { page, won: text === 'Checkout' };
      }),
    );
    assert.equal(
      outcomes.filter((o) => o.won).length,
      1,
      'exactly one shopper holds the last unit',
    );
    const winner = outcomes.find((o) => o.won)!.page;
    const loser = outcomes.find((o) => !o.won)!.page;
    await textMatches(
      winner.locator('main'),
      /We’re holding these items for you until/,
      'the winner’s hold',
    );
    await loser.getByRole('link', { name: 'Email me when it’s back' }).waitFor();
    await checkA11y(loser);
    assert.deepEqual(browser.pageErrors, []);
  });
});
