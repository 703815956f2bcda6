// The storefront frame as a shopper meets it in a real browser: the home page's header,
// search, cart, help, main and footer; the skip link by keyboard; accessibility; a friendly
// 404; and the health endpoints a load balancer polls.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkA11y, useBrowser } from './support/browser.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;

before(async () => {
  store = await startStore({ demoData: false });
});

after(async () => {
  await store?.stop();
});

async function open(page: Page, path: string, expectedStatus: number): Promise<void> {
  const response = await page.goto(new URL(path, store.baseUrl).href, { waitUntil: 'load' });
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), expectedStatus, `GET ${path} answered ${response.status()}`);
  assert.match(response.headers()['content-type'] ?? '', /^text\/html/, `GET ${path} is not HTML`);
}

async function visible(page: Page, selector: string, what: string): Promise<void> {
  const locator = page.locator(selector).first();
  try {
    await locator.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    assert.fail(`${what}: no visible element matches ${selector} on ${page.url()}`);
  }
}

/** The frame every storefront page shares. */
async function assertLayout(page: Page): Promise<void> {
  await visible(page, 'header a[href="/"]', 'header logo link to /');
  const logoName = (await page.locator('header a[href="/"]').first().innerText()).trim();
  const logoLabel = await page.locator('header a[href="/"]').first().getAttribute('aria-label');
  assert.ok(logoName || logoLabel, 'the logo link has no accessible name');

  await visible(page, 'header form input[type="search"][name="q"]', 'header search box');
  const method = await page
    .locator('header form:has(input[name="q"])')
    .first()
    .getAttribute('method');
  assert.equal((method ?? 'get').toLowerCase(), 'get', 'the search form must use GET');

  await visible(page, 'header a[href="/cart"]', 'cart link');
  const help = page.getByRole('link', { name: 'Help', exact: true }).first();
  assert.ok(await help.isVisible(), 'no visible link named "Help"');
  assert.equal(await help.getAttribute('href'), '/help');

  assert.equal(await page.locator('main#main').count(), 1, 'expected exactly one main#main');
  await visible(page, 'main#main', 'main#main');

  await visible(page, 'footer a[href="/status"]', 'footer link to /status');
  await visible(page, 'footer a[href="/help"]', 'footer link to /help');
}

async function assertSkipLink(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName, href: el?.getAttribute('href'), text: el?.textContent?.trim() };
  });
  assert.equal(first.tag, 'A', `the first Tab focuses ${first.tag}, not the skip link`);
  assert.equal(first.href, '#main', `the first Tab focuses a link to ${first.href}, not #main`);
  assert.ok(
    await page.locator('a[href="#main"]').first().isVisible(),
    'the skip link is not visible when it has focus',
  );
  await page.keyboard.press('Enter');
  await page
    .waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 5_000 })
    .catch(() => {});
  const focused = await page.evaluate(
    () => document.activeElement?.id ?? document.activeElement?.tagName,
  );
  assert.equal(
    focused,
    'main',
    `after Enter on the skip link focus is on "${focused}", not main#main`,
  );
}

void describe('health endpoints', () => {
  for (const path of ['/healthz', '/readyz']) {
    void test(`${path} answers 200`, async () => {
      const response = await fetch(new URL(path, store.baseUrl));
      assert.equal(response.status, 200, `${path}: ${await response.text()}`);
    });
  }
});

void describe('home page', () => {
  void test('has the storefront layout', async () => {
    await open(browser.page, '/', 200);
    await assertLayout(browser.page);
  });

  void test('skip link moves keyboard focus to main', async () => {
    await open(browser.page, '/', 200);
    await assertSkipLink(browser.page);
  });

  void test('has no serious or critical accessibility violations', async () => {
    await open(browser.page, '/', 200);
    await checkA11y(browser.page);
  });
});

void describe('page not found', () => {
  const path = '/this-does-not-exist';

  void test('is a friendly HTML page with a way home and a search box', async () => {
    const { page } = browser;
    await open(page, path, 404);
    await assertLayout(page);
    await visible(page, 'main h1', 'a heading in main');
    await visible(page, 'main a[href="/"]', 'a link home inside main');
    await visible(page, 'main input[type="search"][name="q"]', 'a search box inside main');

    const text = await page.locator('body').innerText();
    for (const leak of [
      /^\s*at\s.+:\d+:\d+\)?$/m,
      /node_modules/,
      /file:\/\//,
      /\.tsx?:\d+/,
      /\bstack\b/i,
    ]) {
      assert.doesNotMatch(
        text,
        leak,
        'the 404 page shows internals (a stack trace or a source path)',
      );
    }
  });

  void test('skip link moves keyboard focus to main', async () => {
    await open(browser.page, path, 404);
    await assertSkipLink(browser.page);
  });

  void test('has no serious or critical accessibility violations', async () => {
    await open(browser.page, path, 404);
    await checkA11y(browser.page);
  });
});
