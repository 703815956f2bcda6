// The payment gateway admin page: administrators see the gateway and switch the
// simulator's faults (a CSRF-checked form); other staff are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, createStaff, formFields } from '../../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { staffModule } from '../../staff/index.ts';
import { paymentsGateway, paymentsModule } from '../index.ts';

describe('admin: payment gateway', () => {
  let store: TestStore;
  let admin: Browser;

  before(async () => {
    store = await createTestStore({ modules: [staffModule, paymentsModule] });
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
  });
  after(() => store.close());

  it('shows the embedded simulator, the circuit and the fault switches', async () => {
    const page = await admin.get('/admin/payments/gateway');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /built-in gateway simulator/);
    assert.match(page.body, new RegExp(paymentsGateway(store.platform).embedded!.url.replace(/[.]/g, '\\.')));
    assert.match(page.body, /Closed: calls to the gateway flow normally/);
    assert.match(page.body, /name="errorPercent"/);
    assert.match(page.body, /href="\/admin\/payments\/gateway"/, 'listed in the admin navigation');
  });

  it('switches faults in the simulator from the form', async () => {
    const page = await admin.get('/admin/payments/gateway');
    const fields = formFields(page.body, '/admin/payments/gateway/faults');
    fields.set('errorPercent', '25');
    fields.set('latencyMs', '150');
    fields.set('duplicateWebhooks', 'yes');
    const saved = await admin.post('/admin/payments/gateway/faults', fields);
    assert.equal(saved.statusCode, 303);
    const faults = paymentsGateway(store.platform).embedded!.faults();
    assert.deepEqual([faults.errorRate, faults.latencyMs, faults.duplicateWebhooks, faults.outOfOrderWebhooks], [0.25, 150, true, false]);
    const shown = await admin.get(saved.headers.location as string);
    assert.match(shown.body, /Faults saved/);
    assert.match(shown.body, /name="errorPercent"[^>]*value="25"|value="25"[^>]*name="errorPercent"/);
  });

  it('keeps what was typed and says what is wrong', async () => {
    const page = await admin.get('/admin/payments/gateway');
    const fields = formFields(page.body, '/admin/payments/gateway/faults');
    fields.set('timeoutPercent', '250');
    const refused = await admin.post('/admin/payments/gateway/faults', fields);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter a whole number from 0 to 100/);
    assert.match(refused.body, /value="250"/);
    assert.notEqual(paymentsGateway(store.platform).embedded!.faults().timeoutRate, 2.5);
  });

  it('refuses a form without its CSRF token', async () => {
    const response = await admin.post('/admin/payments/gateway/faults', { _csrf: 'forged', errorPercent: '100' });
    assert.equal(response.statusCode, 403);
  });

  it('refuses agents and team leads, and sends strangers to sign in', async () => {
    for (const role of ['agent', 'lead'] as const) {
      const browser = new Browser(store);
      await browser.signIn(await createStaff(store, role));
      assert.equal((await browser.get('/admin/payments/gateway')).statusCode, 403);
      assert.equal((await browser.post('/admin/payments/gateway/faults', { errorPercent: '100' })).statusCode, 403);
    }
    const stranger = await new Browser(store).get('/admin/payments/gateway');
    assert.equal(stranger.statusCode, 303);
    assert.equal(paymentsGateway(store.platform).embedded!.faults().errorRate, 0.25);
  });

  it('says so when a standalone simulator does not answer', async () => {
    const elsewhere = await createTestStore({ modules: [staffModule, paymentsModule], env: { GATEWAY_URL: 'http://127.0.0.1:1' } });
    try {
      const browser = new Browser(elsewhere);
      await browser.signIn(await createStaff(elsewhere, 'admin'));
      const page = await browser.get('/admin/payments/gateway');
      assert.match(page.body, /A gateway simulator at http:\/\/127\.0\.0\.1:1/);
      assert.match(page.body, /The simulator does not answer/);
      const saved = await browser.post('/admin/payments/gateway/faults', { latencyMs: '0', timeoutPercent: '0', hangMs: '0', errorPercent: '0', lostResponsePercent: '0' });
      assert.equal(saved.statusCode, 502);
      assert.match(saved.body, /The simulator does not answer/);
    } finally {
      await elsewhere.close();
    }
  });
});
