// The merchant's stock pages in a real browser, on the demo store: the low-stock list, a
// backordered sofa with its purchase order, a refused adjustment and its error summary, a
// partial receipt, and every inventory page checked with axe.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, useBrowser } from './support/browser.ts';
import { demoAdmin } from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let credentials: { email: string; password: string };

before(async () => {
  store = await startStore({ demoData: true });
  credentials = demoAdmin(store);
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => new URL(path, store.baseUrl).href;

async function signIn(): Promise<void> {
  const { page } = browser;
  await page.goto(url('/admin/inventory'));
  await page.getByLabel('Work email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await Promise.all([page.waitForURL(/\/admin\/inventory$/), page.getByRole('main').getByRole('button', { name: 'Sign in' }).click()]);
}

describe('inventory admin', () => {
  test('every inventory page passes axe', async () => {
    const { page } = browser;
    await signIn();
    for (const path of ['/admin/inventory', '/admin/inventory/low-stock', '/admin/inventory/supply', '/admin/inventory/locations', '/admin/inventory/settings']) {
      await page.goto(url(path));
      await checkA11y(page);
    }
    await page.goto(url('/admin/inventory/locations'));
    await page.getByRole('link', { name: 'East warehouse' }).click();
    await page.getByRole('heading', { level: 1, name: 'East warehouse' }).waitFor();
    await checkA11y(page);
    assert.deepEqual(browser.pageErrors, []);
  });

  test('finds the backordered sofa, refuses a bad count, and receives part of its purchase order', async () => {
    const { page } = browser;
    await signIn();
    await page.goto(url('/admin/inventory/low-stock'));
    await page.getByRole('link', { name: 'Cream Sofa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cream Sofa' }).waitFor();
    assert.match(await page.locator('main').innerText(), /PO-1001/);
    await checkA11y(page);

    await page.getByLabel('Add or remove').check();
    await page.getByLabel('Quantity', { exact: true }).fill('-3');
    await page.getByLabel('Reason', { exact: true }).fill('Water damage');
    await page.getByRole('button', { name: 'Save stock' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'The stock was not changed' });
    await summary.waitFor();
    await checkA11y(page);
    assert.equal(await page.getByLabel('Quantity', { exact: true }).inputValue(), '-3');
    await summary.getByRole('link', { name: /Quantity/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-adjustQuantity');

    await page.getByLabel('Units received on PO-1001').fill('5');
    await page.getByRole('button', { name: 'Receive' }).click();
    await page.getByRole('status').filter({ hasText: 'Receipt recorded' }).waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /5 of 12 received/);
    assert.match(main, /Received on PO-1001/);
    await checkA11y(page);
    assert.deepEqual(browser.pageErrors, []);
  });
});
