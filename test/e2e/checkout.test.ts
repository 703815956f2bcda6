// Checkout and paying in a real browser, on the demo store with its built-in gateway
// simulator: a guest's order from the product page to a confirmed payment, a checkout that
// keeps what was typed, a declined card and another card on the same order, a double click on
// "Place order", a pay link by email, an agent taking the payment by phone while the shopper
// watches the same order, and axe on the checkout and order pages.
//
// Cards are typed only on the simulator's own card page (another origin), as a shopper would.
// On PostgreSQL: E2E_DATABASE_URL=postgres://…/<an empty database> (the demo loads into it).
// E2E_SCREENSHOTS=<dir> saves a full-page screenshot of every key page there.
// The steps other browser tests take too (signing staff in, the checkout, the card page) are in
// support/journeys.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { checkA11y, useBrowser } from './support/browser.ts';
import {
  ADDRESS,
  allSaved,
  CARDS,
  cents,
  checkoutReady,
  demoAdmin,
  expectPaid,
  fillDetails,
  inOtherBrowser,
  isStore,
  ORDER_PAGE,
  orderNumberOnPage,
  payBlock,
  payByCard,
  payOnCardPage,
  placeOrder,
  savedDraft,
  shopperEmail,
  shown,
  snap,
  staffOpens,
  startCheckout,
  storeUrl,
  textMatches,
  type StaffAccount,
} from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let staffAccount: StaffAccount;

const databaseEnv = process.env.E2E_DATABASE_URL
  ? { DATABASE_URL: process.env.E2E_DATABASE_URL }
  : {};

before(async () => {
  store = await startStore({ demoData: true, env: databaseEnv });
  staffAccount = demoAdmin(store);
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => storeUrl(store.baseUrl, path);
const onStore = (address: URL) => isStore(store.baseUrl, address);

// A demo product nobody counts (no stock tracking): every test can buy one.
const POT = {
  handle: 'clay-plant-pot',
  title: 'Clay Plant Pot',
  variant: 'Regular',
  price: '$9.99',
};

/** Picks a shipping method by name, waits until it is saved and the totals follow it; returns its label. */
async function chooseMethod(page: Page, name: 'Standard' | 'Express'): Promise<string> {
  const method = page.locator('label.checkout-method', { hasText: name });
  const label = await textMatches(
    method,
    new RegExp(`^${name} — \\$\\d+\\.\\d\\d — arrives \\w`),
    `the ${name} method with its price and dates`,
  );
  const id = await method.locator('input[type="radio"]').getAttribute('value');
  await method.click();
  const deadline = Date.now() + 10_000;
  while ((await savedDraft(page, store.baseUrl)).values.method !== id) {
    if (Date.now() > deadline) assert.fail(`choosing ${name} was not saved within 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await allSaved(page, store.baseUrl);
  await textMatches(
    page.locator('.checkout-summary__figures'),
    new RegExp(`Shipping \\(${name}\\)`),
    'the totals naming the chosen method',
  );
  return label;
}

interface Review {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  /** Each line's title and delivery promise as the review shows them. */
  lines: { title: string; promise: string }[];
}

/** What the review shows before "Place order": every line's promise and the totals. */
async function readReview(page: Page): Promise<Review> {
  const figures = page.locator('.checkout-summary__figures');
  const text = await textMatches(figures, /tax \$\d/i, 'the totals with the tax worked out');
  const amount = (label: RegExp) => {
    const match = new RegExp(`${label.source}\\s*(\\$[\\d,]+\\.\\d\\d)`).exec(text);
    assert.ok(match, `the totals have no ${label}: "${text}"`);
    return cents(match[1]!);
  };
  const lines = [];
  const items = page.locator('.checkout-line');
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    lines.push({
      title: (await item.locator('.checkout-line__title').innerText()).trim(),
      promise: (await item.locator('.checkout-line__promise').innerText()).trim(),
    });
  }
  return {
    subtotal: amount(/Subtotal/),
    shipping: amount(/Shipping \(\w+\)/),
    tax: amount(/(?:Sales )?[Tt]ax/),
    total: amount(/Total/),
    lines,
  };
}

/**
 * A whole checkout as far as the order page: returns the order number and the review's total.
 * Express is chosen on purpose; keeping the store's default method is a journey of its own.
 */
async function orderSomething(
  page: Page,
  email = shopperEmail(),
): Promise<{ number: string; total: number; email: string }> {
  await startCheckout(page, store.baseUrl, POT);
  await fillDetails(page, store.baseUrl, email);
  await chooseMethod(page, 'Express');
  const { total } = await readReview(page);
  const number = await placeOrder(page);
  return { number, total, email };
}

/** The order page asks for its payment: "Pay $X to confirm your order". */
async function expectPayBlock(page: Page, total: number): Promise<void> {
  const heading = await textMatches(
    page.getByRole('heading', { level: 2, name: /^Pay .* to confirm your order$/ }),
    /^Pay \$[\d,]+\.\d\d to confirm your order$/,
    'the pay heading',
  );
  assert.equal(
    cents(heading),
    total,
    `the order page asks for ${heading}, the review said ${total} cents`,
  );
}

/** The staff order list's rows for one customer's email. */
async function staffOrderNumbers(page: Page, email: string): Promise<string[]> {
  await page.goto(url(`/admin/orders?q=${encodeURIComponent(email)}`));
  const numbers = await page.locator('main table tbody tr').allInnerTexts();
  return numbers.map((row) => /DS-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(row)?.[0] ?? row);
}

describe('a guest checkout', () => {
  test('product page to a paid order: dates and tax before paying, the card on the gateway’s page, the confirmation still there after a reload', async () => {
    const { page } = browser;
    const email = shopperEmail();
    await startCheckout(page, store.baseUrl, POT);
    await fillDetails(page, store.baseUrl, email);

    // Every method offered shows its price and when it arrives.
    const methods = await page.locator('label.checkout-method').allInnerTexts();
    assert.ok(methods.length >= 2, `only ${methods.length} shipping method(s) for New York`);
    for (const method of methods)
      assert.match(
        method.replace(/\s+/g, ' ').trim(),
        /^\w+ — \$\d+\.\d\d — arrives \w{3}, \w{3} \d+/,
        'a method without price or dates',
      );
    const express = await chooseMethod(page, 'Express');
    await snap(page, 'checkout-filled');

    const review = await readReview(page);
    assert.deepEqual(
      review.lines.map((l) => l.title),
      [`${POT.title} — ${POT.variant}`],
      'the review lists the cart',
    );
    for (const line of review.lines)
      assert.match(
        line.promise,
        /arrives \w{3}, \w{3} \d+/,
        `"${line.title}" has no delivery date before payment`,
      );
    assert.equal(review.subtotal, cents(POT.price));
    assert.equal(review.shipping, cents(express), 'the shipping line is the chosen method’s price');
    assert.ok(review.tax > 0, 'New York has sales tax');
    assert.equal(review.total, review.subtotal + review.shipping + review.tax, 'the total adds up');

    const number = await placeOrder(page);
    const orderUrl = page.url();
    await snap(page, 'order-unpaid');
    await textMatches(page.locator('.order-now'), /^Now: Recorded$/, 'where the order stands');
    await expectPayBlock(page, review.total);
    // The order page repeats each line's promise and where it goes.
    await textMatches(
      page.locator('main'),
      /arrives \w{3}, \w{3} \d+/,
      'the line’s delivery dates on the order page',
    );
    await textMatches(
      page.locator('main'),
      new RegExp(`${ADDRESS.line1}[\\s\\S]*New York, NY`),
      'the delivery address',
    );

    await payByCard(page, store.baseUrl, CARDS.ok, 'Pay by card', review.total);
    await snap(page, 'order-paid');
    assert.equal(
      new URL(page.url()).pathname,
      new URL(orderUrl).pathname,
      'back on the same order page',
    );
    await expectPaid(page, number);
    assert.deepEqual(browser.pageErrors, []);

    await page.reload();
    await expectPaid(page, number);
    // The cart became the order: nothing is left in it.
    await page.waitForLoadState('networkidle');
    assert.equal(
      await page.locator('header .cart-count').count(),
      0,
      'the cart badge still counts the ordered item',
    );
  });

  test('a double click on "Place order", and two clicks while the answer is slow: one order, and no error page', async () => {
    const { page } = browser;
    const email = shopperEmail();
    await startCheckout(page, store.baseUrl, POT);
    await fillDetails(page, store.baseUrl, email);
    await chooseMethod(page, 'Express');
    await readReview(page);
    // The same checkout, left open in another tab (or reached again with the back button).
    const stale = await page.context().newPage();
    await stale.goto(url('/checkout'));
    await checkoutReady(stale);
    await page.bringToFront();

    // The store's answer is held for a second, as on a slow connection, so the second click
    // lands while the first order is being placed: both requests reach the store.
    const placing: string[] = [];
    await page.route('**/checkout/place', async (route) => {
      placing.push(route.request().url());
      const response = await route.fetch({ maxRedirects: 0 });
      await new Promise((r) => setTimeout(r, 1_000));
      // The browser drops the first request's answer when the second click replaces it.
      await route.fulfill({ response }).catch(() => undefined);
    });
    // The mouse itself, not the locator's click, which would wait for the first navigation.
    const place = page.getByRole('button', { name: 'Place order' });
    await place.scrollIntoViewIfNeeded();
    const box = await place.boundingBox();
    assert.ok(box, '"Place order" is not on the screen');
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.dblclick(x, y);
    const deadline = Date.now() + 15_000;
    while (placing.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await page.mouse.click(x, y);
    // Not waitForURL: the first navigation, replaced by the second, ends as aborted.
    while (!ORDER_PAGE.test(page.url())) {
      if (Date.now() > deadline)
        assert.fail(`the clicks did not end on the order page but on ${page.url()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await page.waitForLoadState('networkidle');
    assert.ok(placing.length >= 2, `the clicks sent ${placing.length} "Place order" request(s)`);
    const number = await orderNumberOnPage(page);
    await shown(
      page.getByRole('heading', { level: 2, name: /to confirm your order$/ }),
      'the pay block',
    );
    assert.deepEqual(browser.pageErrors, []);

    // "Place order" pressed again on the page from before: the same order, not a second one.
    await stale.bringToFront();
    await Promise.all([
      stale.waitForURL(ORDER_PAGE),
      stale.getByRole('button', { name: 'Place order' }).click(),
    ]);
    assert.equal(
      await orderNumberOnPage(stale),
      number,
      'placing again from the old page gave another order',
    );
    await stale.close();

    const orders = await inOtherBrowser(browser.browser, async (staff) => {
      await staffOpens(staff, store.baseUrl, staffAccount, '/admin/orders');
      return await staffOrderNumbers(staff, email);
    });
    assert.deepEqual(orders, [number], `the store holds ${orders.length} orders for ${email}`);
  });

  test('keeping the store’s default shipping method, one press of "Place order" places the order', async () => {
    const { page } = browser;
    await startCheckout(page, store.baseUrl, POT);
    await fillDetails(page, store.baseUrl, shopperEmail());
    // No method touched: the cheapest is checked and already in the totals.
    assert.ok(
      await page.getByRole('radio', { name: /^Standard/ }).isChecked(),
      'Standard is not checked to begin with',
    );
    await textMatches(
      page.locator('.checkout-summary__figures'),
      /Shipping \(Standard\)/,
      'the totals naming the default method',
    );
    const { total } = await readReview(page);
    await placeOrder(page);
    await expectPayBlock(page, total);
  });
});

describe('nothing typed is lost', () => {
  test('a reload at once after typing, before the autosave has run, still shows what was typed', async () => {
    const { page } = browser;
    const email = shopperEmail();
    await startCheckout(page, store.baseUrl, POT);
    await allSaved(page, store.baseUrl);
    await page.getByLabel('Email').pressSequentially(email);
    await page.getByLabel('Full name').pressSequentially(ADDRESS.name);
    await page.reload();
    await checkoutReady(page);
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    assert.equal(await page.getByLabel('Full name').inputValue(), ADDRESS.name);
  });

  test('a reload while a save is still on its way keeps what was typed, and the store gets it', async () => {
    const { page } = browser;
    const email = shopperEmail();
    await startCheckout(page, store.baseUrl, POT);
    await allSaved(page, store.baseUrl);
    // The autosave leaves but is never answered, and the reload cancels it: the typed values
    // must come back from the tab itself, not from the store.
    let holding = true;
    const held: Route[] = [];
    const DRAFT = '**/api/v1/checkout/draft';
    await page.route(DRAFT, (route) => {
      if (holding && route.request().method() === 'PUT') held.push(route);
      else void route.continue();
    });
    const saveLeft = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/v1/checkout/draft'));
    await page.getByLabel('Email').pressSequentially(email);
    await page.getByLabel('Full name').pressSequentially(ADDRESS.name);
    await saveLeft;
    await page.reload();
    holding = false;
    for (const route of held) await route.abort().catch(() => {}); // already cancelled by the reload
    await checkoutReady(page);
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    assert.equal(await page.getByLabel('Full name').inputValue(), ADDRESS.name);
    await allSaved(page, store.baseUrl);
    await page.unroute(DRAFT);
  });

  test('half an address survives a reload, and a wrong ZIP code is pointed out next to the field and kept', async () => {
    const { page } = browser;
    const email = shopperEmail();
    await startCheckout(page, store.baseUrl, POT);
    await page.getByLabel('Email').pressSequentially(email);
    await page.getByLabel('Full name').pressSequentially(ADDRESS.name);
    await page.getByLabel('Address line 1').pressSequentially(ADDRESS.line1);
    await allSaved(page, store.baseUrl);

    await page.reload();
    await checkoutReady(page);
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    assert.equal(await page.getByLabel('Full name').inputValue(), ADDRESS.name);
    assert.equal(await page.getByLabel('Address line 1').inputValue(), ADDRESS.line1);
    assert.equal(await page.getByLabel('City').inputValue(), '', 'a field never typed in is empty');

    // A ZIP code with letters: the error sits next to the field, the value stays.
    await page.getByLabel('City').pressSequentially(ADDRESS.city);
    await page.getByLabel('State').selectOption({ label: ADDRESS.state });
    const zip = page.getByLabel('ZIP code');
    await zip.pressSequentially('1O118');
    await page.keyboard.press('Tab');
    await allSaved(page, store.baseUrl);
    const error = await shown(
      page.locator('#field-postalCode-error'),
      'the ZIP code’s error',
      10_000,
    );
    assert.match(await error.innerText(), /\S/, 'the ZIP code error says something');
    assert.equal(
      await zip.getAttribute('aria-invalid'),
      'true',
      'the ZIP field is not marked invalid',
    );
    assert.match(
      (await zip.getAttribute('aria-describedby')) ?? '',
      /field-postalCode-error/,
      'the error is not tied to the field for screen readers',
    );
    const field = page.locator('.field', { has: zip });
    assert.equal(
      await field.locator('.field__error').count(),
      1,
      'the error is not next to the ZIP field',
    );
    assert.equal(await zip.inputValue(), '1O118', 'the wrong ZIP code was cleared');
    await snap(page, 'checkout-zip-error');

    // Pressing "Place order" anyway: nothing is ordered, the summary names the field, the value stays.
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/checkout\?/);
    await checkoutReady(page);
    assert.ok(!ORDER_PAGE.test(page.url()), 'an order was placed with a wrong ZIP code');
    const summary = await shown(page.locator('#error-summary'), 'the error summary');
    await textMatches(summary, /ZIP code/, 'the error summary');
    await shown(
      page.locator('#field-postalCode-error'),
      'the ZIP code’s error after "Place order"',
    );
    assert.equal(await page.getByLabel('ZIP code').inputValue(), '1O118');
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    assert.equal(await page.getByLabel('Address line 1').inputValue(), ADDRESS.line1);
    await snap(page, 'checkout-place-refused');

    // The summary's link takes the shopper to the field.
    await summary.getByRole('link', { name: /ZIP code/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-postalCode');
    assert.deepEqual(browser.pageErrors, []);
  });
});

describe('a card that is declined', () => {
  test('the reason in plain words, "Try another card", then paid: the same order number throughout', async () => {
    const { page } = browser;
    const { number, total, email } = await orderSomething(page);

    await payByCard(page, store.baseUrl, CARDS.insufficientFunds, 'Pay by card', total);
    await snap(page, 'order-declined');
    assert.equal(await orderNumberOnPage(page), number, 'a decline changed the order number');
    // An error alert, announced to screen readers, in plain words.
    const notice = await shown(
      page.getByRole('alert').filter({ hasText: 'Your payment did not go through' }),
      'the decline notice',
    );
    await textMatches(notice, /(not enough|insufficient) funds/i, 'the decline’s reason');
    await textMatches(notice, /Nothing was charged/, 'the decline notice');
    assert.doesNotMatch(
      await page.locator('main').innerText(),
      /insufficient_funds|card_declined/,
      'a gateway code is shown to the shopper',
    );
    await expectPayBlock(page, total);

    await payByCard(page, store.baseUrl, CARDS.ok, 'Try another card', total);
    await expectPaid(page, number);

    const orders = await inOtherBrowser(browser.browser, async (staff) => {
      await staffOpens(staff, store.baseUrl, staffAccount, '/admin/orders');
      return await staffOrderNumbers(staff, email);
    });
    assert.deepEqual(orders, [number], 'a retried payment made another order');
    assert.deepEqual(browser.pageErrors, []);
  });

  test('3-D Secure: the bank’s check on the gateway’s page, completed, and the order is paid', async () => {
    const { page } = browser;
    const { number, total } = await orderSomething(page);
    await Promise.all([
      page.waitForURL((u) => !onStore(u)),
      page.getByRole('link', { name: 'Pay by card' }).click(),
    ]);
    await payOnCardPage(page, store.baseUrl, CARDS.threeDSecure, total);
    await shown(
      page.getByRole('heading', { level: 1, name: 'Confirm your payment' }),
      'the bank’s check',
    );
    await snap(page, 'card-page-3ds');
    await Promise.all([
      page.waitForURL((u) => onStore(u) && ORDER_PAGE.test(u.pathname + u.search + u.hash), {
        timeout: 15_000,
      }),
      page.getByRole('button', { name: 'Complete authentication' }).click(),
    ]);
    await expectPaid(page, number);
  });
});

describe('pay later', () => {
  test('"Email me a link to pay later": the page confirms, the mailbox has the link, the link opens the same order ready to pay', async () => {
    const { page } = browser;
    const { number, total, email } = await orderSomething(page);

    await Promise.all([
      page.waitForURL(ORDER_PAGE),
      page.getByRole('button', { name: 'Email me a link to pay later' }).click(),
    ]);
    await page.waitForLoadState();
    const confirmation = await textMatches(
      payBlock(page).getByRole('status'),
      new RegExp(`We emailed a link to pay to ${email.replace(/[.+]/g, '\\$&')}`),
      'the page confirming the email',
    );
    assert.match(confirmation, /works until/);
    await snap(page, 'order-pay-later-sent');

    const link = await inOtherBrowser(browser.browser, async (staff) => {
      await staffOpens(
        staff,
        store.baseUrl,
        staffAccount,
        `/admin/mailbox?to=${encodeURIComponent(email)}`,
      );
      const mail = await shown(
        staff
          .locator('main article', { hasText: number })
          .filter({ has: staff.getByRole('heading', { name: /pay/i }) }),
        `the pay-link email for ${number} in the mailbox`,
      );
      await snap(staff, 'mailbox-pay-link');
      const text = await mail.locator('pre').innerText();
      const found = new RegExp(`https?://\\S+/orders/${number}\\?t=\\S+`).exec(text);
      assert.ok(found, `the email has no link to the order: ${text}`);
      return found[0];
    });
    assert.equal(
      new URL(link).origin,
      new URL(store.baseUrl).origin,
      'the email links to another site',
    );

    // Opened later, on another device: the same order, waiting for its payment.
    await inOtherBrowser(browser.browser, async (later) => {
      await later.goto(link);
      assert.equal(await orderNumberOnPage(later), number);
      await expectPayBlock(later, total);
      await shown(
        later.getByRole('link', { name: 'Pay by card' }),
        '"Pay by card" on the emailed page',
      );
      await snap(later, 'order-from-email-link');
    });
  });
});

describe('an agent takes the payment', () => {
  test('the shopper asks for a person, the agent takes the card by phone, the shopper sees it paid and cannot pay again', async () => {
    const { page } = browser;
    const { number, total } = await orderSomething(page);
    const phone = '+1 212 555 0100';
    await page.getByLabel(/Phone number/).fill(phone);
    await page.getByLabel(/Anything we should know/).fill('Please call after 5 pm.');
    await Promise.all([
      page.waitForURL(ORDER_PAGE),
      page.getByRole('button', { name: 'Ask a person to help' }).click(),
    ]);
    await textMatches(
      payBlock(page).getByRole('status'),
      new RegExp(`will contact you at \\${phone}`),
      'the page confirming a person will call',
    );
    await snap(page, 'order-person-asked');

    // The shopper keeps the card page open in another tab while the agent calls.
    const cardTab = await page.context().newPage();
    const cardHref = await page.getByRole('link', { name: 'Pay by card' }).getAttribute('href');
    assert.ok(cardHref, '"Pay by card" has no address');
    await cardTab.goto(cardHref);

    await inOtherBrowser(browser.browser, async (staff) => {
      await staffOpens(staff, store.baseUrl, staffAccount, `/admin/orders/${number}`);
      const request = await shown(
        staff
          .locator('main .alert')
          .filter({ hasText: 'The customer asked to finish with a person' }),
        'the customer’s request on the staff order page',
      );
      await textMatches(request, new RegExp(`call them at \\${phone}`), 'the phone number to call');
      await textMatches(request, /Please call after 5 pm\./, 'the customer’s note');
      await snap(staff, 'admin-order-person-asked');

      await Promise.all([
        staff.waitForURL((u) => !onStore(u), { timeout: 15_000 }),
        staff.getByRole('button', { name: 'Take the payment by phone' }).click(),
      ]);
      await payOnCardPage(staff, store.baseUrl, CARDS.ok, total);
      await staff.waitForURL((u) => onStore(u) && u.pathname === `/admin/orders/${number}`, {
        timeout: 15_000,
      });
      await textMatches(
        staff.getByRole('status').filter({ hasText: /paid/ }),
        /This order is paid/,
        'the staff page saying it is paid',
      );
      assert.equal(
        await staff.getByRole('button', { name: 'Take the payment by phone' }).count(),
        0,
        'the agent is offered to take it again',
      );
      await snap(staff, 'admin-order-paid');
    });

    // The card typed in the shopper's tab afterwards is not charged.
    await payOnCardPage(cardTab, store.baseUrl, CARDS.ok);
    await shown(
      cardTab.getByRole('heading', { level: 1, name: 'Already paid' }),
      'the gateway saying it is already paid',
    );
    await textMatches(cardTab.locator('main'), /Nothing more will be charged/, 'the gateway page');
    await snap(cardTab, 'card-page-already-paid');
    await Promise.all([
      cardTab.waitForURL(ORDER_PAGE),
      cardTab.getByRole('link', { name: 'Back to the shop' }).click(),
    ]);
    await expectPaid(cardTab, number);
    await cardTab.close();

    await page.reload();
    await expectPaid(page, number);
    await snap(page, 'order-paid-by-agent');
  });
});

describe('accessibility', () => {
  test('the checkout page, filled and with an error: no serious or critical axe violation', async () => {
    const { page } = browser;
    await startCheckout(page, store.baseUrl, POT);
    await checkA11y(page);
    await fillDetails(page, store.baseUrl, shopperEmail());
    await chooseMethod(page, 'Express');
    await page.getByLabel('ZIP code').fill('ABC');
    await page.keyboard.press('Tab');
    await shown(page.locator('#field-postalCode-error'), 'the ZIP code’s error', 10_000);
    await checkA11y(page);
  });

  test('the order page, unpaid, declined and paid: no serious or critical axe violation', async () => {
    const { page } = browser;
    const { number } = await orderSomething(page);
    await checkA11y(page);
    await payByCard(page, store.baseUrl, CARDS.insufficientFunds);
    await shown(
      page.getByRole('alert').filter({ hasText: 'Your payment did not go through' }),
      'the decline notice',
    );
    await checkA11y(page);
    await payByCard(page, store.baseUrl, CARDS.ok, 'Try another card');
    await expectPaid(page, number);
    await checkA11y(page);
  });
});
