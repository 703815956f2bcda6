// A shopper's journeys through the demo store in a real browser: finding a product by the
// menus (at most two clicks) and by search, choosing a variant (with and without
// JavaScript), adding to the cart and changing it, a cart that outlives a restart of the
// store, the stock limit, the friendly 404, accessibility and the keyboard.
//
// On PostgreSQL: E2E_DATABASE_URL=postgres://…/<an empty database> (the demo loads into it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { checkA11y, useBrowser } from './support/browser.ts';
import { startStore, type RunningStore } from './support/server.ts';
import { shown, textMatches } from './support/journeys.ts';

const browser = useBrowser();
let store: RunningStore;

const databaseEnv = process.env.E2E_DATABASE_URL
  ? { DATABASE_URL: process.env.E2E_DATABASE_URL }
  : {};

before(async () => {
  store = await startStore({ demoData: true, env: databaseEnv });
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => new URL(path, store.baseUrl).href;

// Demo products these journeys use (demo/catalog/home-and-garden.csv).
const POT = {
  handle: 'clay-plant-pot',
  title: 'Clay Plant Pot',
  regular: '$9.99',
  large: '$15.99',
};
const CARDBOARD = {
  handle: 'biodegradable-cardboard-pots',
  title: 'Biodegradable cardboard pots',
  inStock: 8,
};

const SEARCH_BOX = 'header input[name="q"]';
const CART_COUNT = 'header .cart-count';
const CART_LINES = 'main ul[aria-label="Items in your cart"] > li';

/** Opens a page and checks its status. */
async function open(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(url(path));
  assert.ok(response, `no response for ${path}`);
  assert.equal(
    response.status(),
    status,
    `GET ${path} answered ${response.status()}, expected ${status}`,
  );
}



/** The number in the header's cart badge, once it shows `expected`. */
async function expectCartCount(page: Page, expected: number): Promise<void> {
  if (expected === 0) {
    // An empty cart shows the plain "Cart" link, no number; give the badge its fetch first.
    await page.waitForLoadState('networkidle');
    const count = page.locator(CART_COUNT);
    if ((await count.count()) > 0)
      assert.fail(
        `the header shows a cart count "${await count.first().innerText()}" for an empty cart`,
      );
    return;
  }
  await textMatches(
    page.locator(CART_COUNT),
    new RegExp(`^\\D*${expected}\\D*$`),
    'the cart count in the header',
  );
}

/** What the cart holds, as the cart page shows it. */
async function cartLines(
  page: Page,
): Promise<{ title: string; options: string; quantity: string; total: string }[]> {
  const lines = page.locator(CART_LINES);
  const result = [];
  for (let i = 0; i < (await lines.count()); i++) {
    const line = lines.nth(i);
    result.push({
      title: (await line.locator('.cart-line__title').innerText()).trim(),
      options: (await line.locator('.cart-line__options').allInnerTexts()).join(' ').trim(),
      quantity: await line.locator('input[name="quantity"]').inputValue(),
      total: (await line.locator('.cart-line__total').innerText())
        .replace(/Line total:\s*/, '')
        .trim(),
    });
  }
  return result;
}

async function subtotal(page: Page): Promise<string> {
  return (
    await (await shown(page.locator('.cart-summary__subtotal'), 'the cart subtotal')).innerText()
  ).trim();
}

/** The product page's buy box once its island runs (it repeats the chosen value in the legend). */
async function buyBoxReady(page: Page): Promise<void> {
  await shown(page.locator('.buy-box .option-group__current'), 'the live variant picker');
}

/** Clicks "Add to cart" and waits for the outcome: the cart page, or the in-page panel. */
async function addToCart(page: Page, quantity: number): Promise<'in-page' | 'cart-page'> {
  await page.locator('#add-quantity').fill(String(quantity));
  // A full page load forgets this mark; an in-page update keeps it.
  await page.evaluate(() => ((window as unknown as { addMark: boolean }).addMark = true));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  const outcome = { timeout: 10_000 };
  await Promise.any([
    page.waitForURL(/\/cart$/, outcome),
    page.locator('.mini-cart__panel').waitFor({ state: 'visible', ...outcome }),
  ]).catch(() =>
    assert.fail(
      `after "Add to cart" neither the cart page nor an added-to-cart panel appeared (${page.url()})`,
    ),
  );
  const kept = await page.evaluate(
    () => (window as unknown as { addMark?: boolean }).addMark === true,
  );
  return kept && !page.url().endsWith('/cart') ? 'in-page' : 'cart-page';
}

/** Presses Tab until the element has focus (at most 80 times). */
async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
    seen.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return `${el?.tagName.toLowerCase()}${el?.id ? `#${el.id}` : ''}${el?.getAttribute('href') ? `[${el.getAttribute('href')}]` : ''}`;
      }),
    );
  }
  assert.fail(`Tab never reached ${what}; focus went through: ${seen.slice(0, 40).join(' → ')}`);
}

/**
 * Focus must be seen: a focus outline of at least 2px is drawn, and the pixels around the
 * element (its card, for a product link) differ with and without focus. Focus is put back
 * afterwards so Tab carries on from there.
 */
async function assertVisibleFocus(page: Page, target: Locator, what: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.evaluate((el) => {
    const r = (el.closest('.product-card') ?? el).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  const pad = 8;
  const viewport = page.viewportSize()!;
  const clip = {
    x: Math.max(0, box.x - pad),
    y: Math.max(0, box.y - pad),
    width: Math.min(viewport.width - Math.max(0, box.x - pad), box.width + 2 * pad),
    height: Math.min(viewport.height - Math.max(0, box.y - pad), box.height + 2 * pad),
  };
  // The ring is drawn on the element or, for a link stretched over its card, on its ::after.
  const ring = await target.evaluate((el) =>
    [null, '::before', '::after']
      .map((pseudo) => getComputedStyle(el, pseudo))
      .some((style) => style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2),
  );
  assert.ok(ring, `${what} has no focus outline of 2px or more while focused by keyboard`);
  const shot = () => page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  const focused = await shot();
  await target.evaluate((el: HTMLElement) => el.blur());
  const unfocused = await shot();
  await target.evaluate((el: HTMLElement) => el.focus());
  assert.ok(!focused.equals(unfocused), `${what} looks the same with and without keyboard focus`);
}

describe('finding a product', () => {
  test('two clicks from the home page: a collection in the header, then a product card', async () => {
    const { page } = browser;
    await open(page, '/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
    for (const name of ['Women', 'Men', 'Home & Living', 'Garden', 'Jewelry']) {
      assert.ok(
        labels.includes(name),
        `the header navigation has no "${name}" (it has: ${labels.join(', ')})`,
      );
    }

    // Click 1.
    await Promise.all([
      page.waitForURL(/\/collections\/[^/?]+$/),
      nav.getByRole('link', { name: 'Jewelry', exact: true }).click(),
    ]);
    await shown(
      page.getByRole('heading', { level: 1, name: 'Jewelry' }),
      'the collection heading "Jewelry"',
    );
    const card = await shown(
      page.locator('main .product-card__title a'),
      'a product card on the collection page',
    );
    const title = (await card.innerText()).trim();

    // Click 2.
    await Promise.all([page.waitForURL(/\/products\/[^/?]+$/), card.click()]);
    await shown(
      page.getByRole('heading', { level: 1, name: title, exact: true }),
      `the product heading "${title}"`,
    );
    await textMatches(
      page.locator('.buy-box__price'),
      /\$\d+\.\d\d/,
      'the price on the product page',
    );
    const add = await shown(
      page.getByRole('button', { name: 'Add to cart' }),
      'the "Add to cart" button',
    );
    assert.ok(await add.isEnabled(), '"Add to cart" is disabled');
  });

  test('every product in the sitemap is linked from the home page or a collection it links to', async () => {
    const text = async (path: string) => {
      const response = await fetch(url(path));
      assert.equal(response.status, 200, `GET ${path} answered ${response.status}`);
      return await response.text();
    };
    const hrefs = (html: string) =>
      [...html.matchAll(/href="([^"]+)"/g)].map(
        (m) => new URL(m[1]!.replaceAll('&amp;', '&'), store.baseUrl),
      );
    const productPaths = (links: URL[]) =>
      links.filter((u) => u.pathname.startsWith('/products/')).map((u) => u.pathname);

    const sitemap = [...(await text('/sitemap.xml')).matchAll(/<loc>([^<]+)<\/loc>/g)]
      .map((m) => new URL(m[1]!).pathname)
      .filter((p) => p.startsWith('/products/'));
    assert.equal(sitemap.length, 60, 'the sitemap lists the 60 demo products');

    const home = hrefs(await text('/'));
    const reachable = new Set(productPaths(home));
    const collections = [
      ...new Set(
        home
          .filter((u) => u.pathname.startsWith('/collections/'))
          .map((u) => u.pathname + u.search),
      ),
    ];
    assert.ok(
      collections.length >= 5,
      `the home page links to ${collections.length} collection pages`,
    );
    for (const collection of collections)
      for (const path of productPaths(hrefs(await text(collection)))) reachable.add(path);

    const missing = sitemap.filter((p) => !reachable.has(p));
    assert.deepEqual(
      missing,
      [],
      `${missing.length} product(s) need more than two clicks from the home page`,
    );
  });

  test('by search: type in the header box, press Enter, open the result', async () => {
    const { page } = browser;
    await open(page, '/');
    const box = page.locator(SEARCH_BOX);
    await box.click();
    await box.pressSequentially('clay pot', { delay: 20 });
    await Promise.all([page.waitForURL(/\/search\?q=clay(\+|%20)pot/), box.press('Enter')]);
    await shown(page.getByRole('heading', { level: 1 }), 'the results heading');
    const result = await shown(
      page.locator('main .product-card__title a', { hasText: POT.title }),
      `"${POT.title}" in the search results`,
    );
    await Promise.all([page.waitForURL(new RegExp(`/products/${POT.handle}$`)), result.click()]);
    await shown(
      page.getByRole('heading', { level: 1, name: POT.title }),
      `the product heading "${POT.title}"`,
    );
  });
});

describe('choosing a variant', () => {
  test('with JavaScript the price and the address follow the chosen size', async () => {
    const { page } = browser;
    await open(page, `/products/${POT.handle}`);
    await buyBoxReady(page);
    const regular = page.getByRole('radio', { name: 'Regular' });
    const large = page.getByRole('radio', { name: 'Large' });
    assert.ok(await regular.isChecked(), 'the first size is chosen to begin with');
    await textMatches(
      page.locator('.buy-box__price'),
      new RegExp(`^\\${POT.regular}$`),
      'the price of the regular pot',
    );

    await page.locator('label', { hasText: 'Large' }).click();
    assert.ok(await large.isChecked(), '"Large" is checked after clicking it');
    await textMatches(
      page.locator('.buy-box__price'),
      new RegExp(`^\\${POT.large}$`),
      'the price after choosing Large',
    );
    const largeId = await large.getAttribute('value');
    assert.ok(largeId, 'the Large radio carries its variant id');
    assert.equal(
      new URL(page.url()).searchParams.get('variant'),
      largeId,
      'the address names the chosen variant',
    );
    await textMatches(
      page.locator('.buy-box legend'),
      /Size:\s*Large/,
      'the legend repeating the choice',
    );
    assert.deepEqual(browser.pageErrors, []);
  });

  test('without JavaScript the ?variant= address selects it', async () => {
    const context = await browser.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await open(page, `/products/${POT.handle}`);
      const largeId = await page.getByRole('radio', { name: 'Large' }).getAttribute('value');
      assert.ok(largeId);
      await open(page, `/products/${POT.handle}?variant=${largeId}`);
      assert.ok(await page.getByRole('radio', { name: 'Large' }).isChecked(), '"Large" is checked');
      assert.equal(
        await page.getByRole('radio', { name: 'Regular' }).isChecked(),
        false,
        '"Regular" is not checked',
      );
      await textMatches(
        page.locator('.buy-box__price'),
        new RegExp(`^\\${POT.large}$`),
        'the price of the large pot',
      );

      // And what is added is what is shown.
      await page.locator('#add-quantity').fill('1');
      await Promise.all([
        page.waitForURL(/\/cart$/),
        page.getByRole('button', { name: 'Add to cart' }).click(),
      ]);
      const lines = await cartLines(page);
      assert.deepEqual(
        lines.map((l) => [l.title, l.options, l.quantity]),
        [[POT.title, 'Size: Large', '1']],
      );
    } finally {
      await context.close();
    }
  });
});

describe('the cart', () => {
  test('add, see the count, change the quantity, reload, remove', async (t) => {
    const { page } = browser;
    await open(page, `/products/${POT.handle}`);
    await buyBoxReady(page);
    await page.locator('label', { hasText: 'Large' }).click();
    await textMatches(
      page.locator('.buy-box__price'),
      new RegExp(`^\\${POT.large}$`),
      'the price after choosing Large',
    );

    const how = await addToCart(page, 2);
    t.diagnostic(
      how === 'in-page'
        ? 'added without leaving the product page'
        : 'the add-to-cart form posted and the cart page opened (no in-page update)',
    );
    await expectCartCount(page, 2);
    if (how === 'in-page')
      await textMatches(
        page.locator('.mini-cart__panel'),
        new RegExp(POT.title),
        'the added-to-cart panel',
      );

    await open(page, '/cart');
    await expectCartCount(page, 2);
    assert.deepEqual(await cartLines(page), [
      { title: POT.title, options: 'Size: Large', quantity: '2', total: '$31.98' },
    ]);
    assert.equal(await subtotal(page), '$31.98');

    const line = page.locator(CART_LINES).first();
    await line.locator('input[name="quantity"]').fill('3');
    await Promise.all([
      page.waitForURL(/\/cart$/),
      page.waitForEvent('load'),
      line.getByRole('button', { name: /^Update/ }).click(),
    ]);
    await page.reload();
    await expectCartCount(page, 3);
    assert.deepEqual(await cartLines(page), [
      { title: POT.title, options: 'Size: Large', quantity: '3', total: '$47.97' },
    ]);
    assert.equal(await subtotal(page), '$47.97');

    await Promise.all([
      page.waitForEvent('load'),
      page
        .locator(CART_LINES)
        .first()
        .getByRole('button', { name: /^Remove/ })
        .click(),
    ]);
    await shown(
      page.getByRole('heading', { name: 'Your cart is empty' }),
      'the empty-cart message',
    );
    assert.equal(await page.locator(CART_LINES).count(), 0);
    await expectCartCount(page, 0);
  });

  test('more than the stock cannot be added, and the shopper is told why', async () => {
    const { page } = browser;
    await open(page, `/products/${CARDBOARD.handle}`);
    await shown(
      page.getByRole('heading', { level: 1, name: CARDBOARD.title }),
      'the product heading',
    );
    const quantity = page.locator('#add-quantity');
    const productUrl = page.url();

    // The page says so as the number is typed: the delivery promise names the limit, the
    // button waits, and the field itself knows the most that can be ordered.
    let posted = false;
    page.on('request', (r) => (posted ||= r.method() === 'POST'));
    await quantity.fill(String(CARDBOARD.inStock + 1));
    await shown(
      page.locator('[data-slot="delivery-promise"]').filter({ hasText: `Only ${CARDBOARD.inStock} available` }),
      'the promise naming the limit',
    );
    assert.equal(await page.getByRole('button', { name: 'Add to cart' }).isDisabled(), true, 'the button waits for a quantity that can be had');
    const validation = await quantity.evaluate((el: HTMLInputElement) => ({
      valid: el.validity.valid,
      message: el.validationMessage,
    }));
    assert.equal(validation.valid, false, `the quantity field accepts ${CARDBOARD.inStock + 1}`);
    assert.match(
      validation.message,
      new RegExp(`\\b${CARDBOARD.inStock}\\b`),
      'the browser message names the limit',
    );
    assert.equal(posted, false, 'the refused quantity was sent anyway');
    assert.equal(page.url(), productUrl, 'an invalid quantity leaves the product page');

    // A form sent anyway (an old page, a browser that skips validation): the store refuses it.
    await page
      .locator('form.add-to-cart')
      .evaluate((form: HTMLFormElement) => (form.noValidate = true));
    await quantity.fill(String(CARDBOARD.inStock + 1));
    const response = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/cart(\/add|\/lines)/.test(r.url()),
    );
    await page.locator('form.add-to-cart').evaluate((form: HTMLFormElement) => form.requestSubmit());
    assert.ok(
      (await response).status() >= 400,
      `adding ${CARDBOARD.inStock + 1} answered ${(await response).status()}`,
    );
    const message = page
      .getByRole('alert')
      .filter({ hasText: new RegExp(`Only ${CARDBOARD.inStock} left`) });
    await shown(message, `a message saying only ${CARDBOARD.inStock} are left`);

    const summary = await page.request.get(url('/api/v1/cart/summary'));
    assert.equal(
      ((await summary.json()) as { itemCount: number }).itemCount,
      0,
      'nothing was added',
    );
    await open(page, '/cart');
    await shown(
      page.getByRole('heading', { name: 'Your cart is empty' }),
      'the empty-cart message',
    );
  });
});

describe('a product that does not exist', () => {
  test('is a friendly 404 with a search box and popular products', async () => {
    const { page } = browser;
    await open(page, '/products/no-such-product-here', 404);
    await shown(page.getByRole('heading', { level: 1 }), 'a heading');
    await textMatches(page.locator('main h1'), /not find|not found/i, 'the 404 heading');
    await shown(page.locator('main input[type="search"][name="q"]'), 'a search box in the page');
    const popular = page.locator('main .product-card__title a');
    await shown(popular, 'popular products');
    assert.ok((await popular.count()) >= 3, `only ${await popular.count()} products are offered`);
    await checkA11y(page);
  });
});

describe('accessibility', () => {
  const pages: [string, (page: Page) => Promise<void>][] = [
    ['home', (page) => open(page, '/')],
    ['a collection', (page) => open(page, '/collections/garden')],
    ['search results', (page) => open(page, '/search?q=bracelet')],
    ['a product', (page) => open(page, `/products/${POT.handle}`)],
    [
      'the cart with one line',
      async (page) => {
        await open(page, `/products/${POT.handle}`);
        await buyBoxReady(page);
        await addToCart(page, 1);
        await open(page, '/cart');
        assert.equal(await page.locator(CART_LINES).count(), 1);
        await expectCartCount(page, 1);
      },
    ],
  ];
  for (const [name, go] of pages) {
    test(`${name}: no serious or critical axe violation`, async () => {
      await go(browser.page);
      await browser.page.waitForLoadState('networkidle');
      await checkA11y(browser.page);
    });
  }

  test('Tab from the top reaches the search box and the first product, each with a visible focus ring', async () => {
    const { page } = browser;
    await open(page, '/');
    const searchBox = page.locator(SEARCH_BOX);
    const firstProduct = page.locator('main a[href^="/products/"]').first();
    await tabTo(page, searchBox, 'the header search box');
    await assertVisibleFocus(page, searchBox, 'the header search box');
    await tabTo(page, firstProduct, 'the first product link');
    await assertVisibleFocus(page, firstProduct, 'the first product link');
  });
});

// Last: it restarts the store every other test uses.
describe('a cart that survives', () => {
  test('a restart of the store: same browser, reload, the line is still there', async () => {
    const { page } = browser;
    await open(page, `/products/${CARDBOARD.handle}`);
    await addToCart(page, 2);
    await open(page, '/cart');
    const before = await cartLines(page);
    assert.deepEqual(
      before.map((l) => [l.title, l.quantity]),
      [[CARDBOARD.title, '2']],
    );

    const exit = await store.kill('SIGTERM');
    assert.equal(exit.code, 0, `the store did not stop cleanly: ${JSON.stringify(exit)}`);
    store = await startStore({
      demoData: true,
      env: databaseEnv,
      dataDir: store.dataDir,
      port: store.port,
    });

    await page.reload();
    await shown(page.getByRole('heading', { level: 1, name: 'Your cart' }), 'the cart page');
    assert.deepEqual(await cartLines(page), before);
    await expectCartCount(page, 2);
  });
});
