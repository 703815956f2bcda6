// The merchant's catalogue admin in a real browser: sign in, open a product, change a price,
// meet a refused form with its error summary, and check every page with axe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, useBrowser } from './support/browser.ts';
import { demoAdmin } from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let credentials: { email: string; password: string };

before(async () => {
  // The demo store prints its generated admin account once at start.
  store = await startStore({ demoData: true });
  credentials = demoAdmin(store);
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => new URL(path, store.baseUrl).href;

async function signIn(): Promise<void> {
  const { page } = browser;
  await page.goto(url('/admin/products'));
  await page.getByLabel('Work email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await Promise.all([page.waitForURL(/\/admin\/products$/), page.getByRole('main').getByRole('button', { name: 'Sign in' }).click()]);
}

describe('catalogue admin', () => {
  test('finds a product, changes its price and sees it in the shop', async () => {
    const { page } = browser;
    await signIn();
    await checkA11y(page);
    await page.getByLabel('Title, handle or SKU').fill('clay plant');
    await page.getByRole('button', { name: 'Show products' }).click();
    await page.getByRole('link', { name: 'Clay Plant Pot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clay Plant Pot' }).waitFor();
    await checkA11y(page);

    await page.getByLabel('Price of variant 1 (Regular)', { exact: true }).fill('abc');
    await page.getByRole('button', { name: 'Save product' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
    await summary.waitFor();
    await checkA11y(page);
    await summary.getByRole('link', { name: /Variant 1 \(Regular\) price/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-variant-0-price');

    await page.getByLabel('Price of variant 1 (Regular)', { exact: true }).fill('8.50');
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.goto(url('/products/clay-plant-pot'));
    assert.match(await page.locator('main').innerText(), /\$8\.50/);
    assert.deepEqual(browser.pageErrors, []);
  });

  test('creates a rule-based collection', async () => {
    const { page } = browser;
    await signIn();
    await page.goto(url('/admin/collections/new'));
    await checkA11y(page);
    await page.getByLabel('Title', { exact: true }).fill('Pots and planters');
    await page.getByLabel('By conditions').check();
    await page.getByLabel('Field of condition 1', { exact: true }).selectOption('title');
    await page.getByLabel('Test of condition 1', { exact: true }).selectOption('contains');
    await page.getByLabel('Value of condition 1', { exact: true }).fill('pot');
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.getByRole('status').filter({ hasText: 'Collection created.' }).waitFor();
    assert.match(await page.getByRole('heading', { name: /Products meeting the conditions now/ }).innerText(), /\((\d+)\)/);
    await checkA11y(page);
    await page.goto(url('/collections/pots-and-planters'));
    assert.ok((await page.locator('.product-card').count()) > 0);
  });
});
