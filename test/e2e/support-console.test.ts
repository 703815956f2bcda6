// An agent answers a request with a macro while the customer watches (issue 10's browser
// test), on the demo store. The desk writes a macro; a guest writes through the contact form
// and lands on their request's page (the signed link their emails carry), which they keep open.
// In another browser the agent finds the request at the top of the queue, opens it, inserts
// the macro (its placeholders filled with the customer's name and the request number), sends
// it, and the guest's page shows the answer and the new status without a reload, through the
// live stream. A second agent opening the same ticket is told who else is on it. Axe checks
// the queue, the console's ticket page and the request page.
// On PostgreSQL: E2E_DATABASE_URL=postgres://…/<an empty database> (the demo loads into it).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { checkA11y, useBrowser } from './support/browser.ts';
import { demoAdmin, demoAgent, inOtherBrowser, newPerson, shown, staffOpens, storeUrl, type StaffAccount } from './support/journeys.ts';
import { startStore, type RunningStore } from './support/server.ts';

const browser = useBrowser();
let store: RunningStore;
let staff: StaffAccount;
let agentAccount: StaffAccount;

const databaseEnv = process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {};

before(async () => {
  store = await startStore({ demoData: true, env: databaseEnv });
  staff = demoAdmin(store);
  agentAccount = demoAgent(store);
});

after(async () => {
  await store?.stop();
});

const url = (path: string) => storeUrl(store.baseUrl, path);

describe('the support console', () => {
  test('an agent answers with a macro while the customer watches the request page update', async () => {
    const run = randomBytes(3).toString('hex');
    const email = `watcher-${run}@example.com`;
    const macroTitle = `Thanks ${run}`;

    // The desk's macro, written by the admin (macros are the desk's settings).
    await inOtherBrowser(browser.browser, async (admin) => {
      await staffOpens(admin, store.baseUrl, staff, '/admin/support/macros/new');
      await admin.getByLabel('Title').fill(macroTitle);
      await admin.getByLabel('Text').fill('Hello {{customer.name}}, thank you for writing. Request {{ticket.number}} is answered: the teapot holds 1.2 litres.');
      await Promise.all([admin.waitForURL((u) => u.pathname === '/admin/support/macros'), admin.getByRole('button', { name: 'Save' }).click()]);
      await shown(admin.getByRole('heading', { name: macroTitle }), 'the new macro in the list');
    });

    const agent = await newPerson(browser.browser);
    try {
      await staffOpens(agent.page, store.baseUrl, agentAccount, '/admin/support');

      // The customer writes, and keeps their request's page open.
      const customer = browser.page;
      await customer.goto(url('/help'));
      await customer.getByRole('link', { name: 'write to us with the contact form' }).click();
      await customer.getByLabel('Your name').fill('Nora Quist');
      await customer.getByLabel('Your email address').fill(email);
      await customer.getByLabel('What is it about?').selectOption({ label: 'Something else' });
      await customer.getByLabel('Your question').fill('How much water does the large teapot hold?');
      await Promise.all([customer.waitForURL(/\/support\/requests\/T-\d+\?t=/), customer.getByRole('button', { name: 'Send' }).click()]);
      const number = /\/support\/requests\/(T-\d+)/.exec(customer.url())![1]!;
      await shown(customer.getByText('Received', { exact: true }), 'the status of a new request');
      await shown(customer.getByText(/We promised to answer by/), 'the promised answer time');
      await checkA11y(customer);

      // The agent finds it in the queue (the soonest due first: a new request is due last) and opens it.
      await agent.page.goto(url(`/admin/support?q=${encodeURIComponent(email)}`));
      await checkA11y(agent.page);
      await Promise.all([agent.page.waitForURL((u) => u.pathname === `/admin/support/${number}`), agent.page.getByRole('link', { name: number, exact: true }).click()]);
      await shown(agent.page.getByText('How much water does the large teapot hold?'), 'the question on the console');

      // Someone else opening it sees who is on it already.
      await inOtherBrowser(browser.browser, async (other) => {
        await staffOpens(other, store.baseUrl, staff, `/admin/support/${number}`);
        await shown(other.getByText('Demo Agent is also viewing'), 'the collision notice');
      });

      await agent.page.getByRole('combobox', { name: 'Macro', exact: true }).selectOption({ label: macroTitle });
      // A plain GET: the ticket page comes back with the macro's text in the reply box.
      await Promise.all([agent.page.waitForURL((u) => u.searchParams.has('macro'), { timeout: 30_000 }), agent.page.getByRole('button', { name: 'Insert macro' }).click()]);
      const box = agent.page.getByLabel('Reply to the customer (sent by email)');
      const text = await box.inputValue();
      assert.match(text, new RegExp(`^Hello Nora, thank you for writing\\. Request ${number} is answered`));
      await checkA11y(agent.page);
      await agent.page.getByRole('button', { name: 'Preview' }).click();
      await shown(agent.page.getByRole('heading', { name: `Preview: what ${email} will read` }), 'the preview');
      await agent.page.getByLabel('Then the ticket is').selectOption({ label: 'Solved' });
      await Promise.all([agent.page.waitForURL((u) => u.pathname === `/admin/support/${number}`), agent.page.getByRole('button', { name: 'Send reply' }).click()]);

      // The customer's page, never reloaded, shows the answer and the new status.
      await shown(customer.locator('#request-conversation').getByText(/the teapot holds 1\.2 litres/), 'the answer on the customer’s open page', 15_000);
      await shown(customer.locator('#request-status').getByText('Solved', { exact: true }), 'the status on the customer’s open page', 15_000);
    } finally {
      await agent.close();
    }
  });
});
