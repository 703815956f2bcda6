// Finding a product by search in a real browser, on the demo catalogue: the plain form
// (also without JavaScript), the suggestions as you type (keyboard and mouse), "did you
// mean" and accessibility of the results page with the suggestions open.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkA11y, useBrowser } from './support/browser.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;

before(async () => {
  store = await startStore({ demoData: true });
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => new URL(path, store.baseUrl).href;
const SEARCH_BOX = 'header input[name="q"]';

describe('search', () => {
  test('the header form finds a product and the results page is accessible', async () => {
    const { page } = browser;
    await page.goto(url('/'));
    await page.fill(SEARCH_BOX, 'bracelet');
    await Promise.all([page.waitForURL(/\/search\?q=bracelet/), page.locator('header form[role="search"] button[type="submit"]').click()]);
    await page.getByRole('heading', { level: 1, name: 'Search results for “bracelet”' }).waitFor();
    const first = page.locator('.product-card__title a').first();
    assert.match((await first.innerText()).toLowerCase(), /bracelet/);
    await checkA11y(page);
    await Promise.all([page.waitForURL(/\/products\//), first.click()]);
  });

  test('suggestions appear while typing and the arrow keys and Enter open one', async () => {
    const { page } = browser;
    await page.goto(url('/'));
    const box = page.locator(SEARCH_BOX);
    await box.click();
    await box.pressSequentially('neckl', { delay: 40 });
    const listbox = page.getByRole('listbox', { name: 'Suggested products' });
    await listbox.waitFor({ state: 'visible' });
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    const options = listbox.getByRole('option');
    assert.ok((await options.count()) > 0);
    await checkA11y(page);

    await box.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    assert.ok(activeId, 'the highlighted option is announced');
    assert.equal(await page.locator(`#${activeId}`).getAttribute('aria-selected'), 'true');
    const title = (await page.locator(`#${activeId} .search-suggest__title`).innerText()).trim();

    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await listbox.isVisible(), false);

    await box.press('ArrowDown');
    await Promise.all([page.waitForURL(/\/products\//), box.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.deepEqual(browser.pageErrors, []);
  });

  test('a misspelt search still finds, and a hopeless one offers a spelling', async () => {
    const { page } = browser;
    await page.goto(url('/search?q=braclet'));
    assert.ok((await page.locator('.product-card').count()) > 0, 'typo tolerance finds bracelets');
    await page.goto(url('/search?q=nekclace'));
    const suggestion = page.locator('.search-page__did-you-mean a');
    assert.equal((await suggestion.innerText()).trim(), 'necklace');
    await Promise.all([page.waitForURL(/q=necklace/), suggestion.click()]);
    assert.ok((await page.locator('.product-card').count()) > 0);
    await checkA11y(page);
  });

  test('the search works without JavaScript', async () => {
    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(url('/'));
      await page.fill(SEARCH_BOX, 'shirt');
      await Promise.all([page.waitForURL(/\/search\?q=shirt/), page.press(SEARCH_BOX, 'Enter')]);
      assert.ok((await page.locator('.product-card').count()) > 0);
      assert.equal(await page.locator(SEARCH_BOX).getAttribute('role'), null, 'no combobox role without its behaviour');
    } finally {
      await context.close();
    }
  });
});
