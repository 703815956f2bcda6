// The tax table and its admin page: which rate a destination pays, the demo rates, and the
// merchant adding, changing and removing rates and the prices-include-tax setting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, createStaff, formFields } from '../../testing/admin.ts';
import { createTestStore, type TestStore } from '../../testing/store.ts';
import { ensureDemoTax, readTaxSettings, taxRateFor } from './index.ts';
import { listTaxRates } from './rates.ts';

describe('tax', () => {
  let store: TestStore;
  let admin: Browser;
  const db = () => store.platform.database.db;
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

  before(async () => {
    store = await createTestStore();
    admin = new Browser(store);
    await admin.signIn(await createStaff(store, 'admin'));
  });
  after(() => store.close());

  describe('tax rates', () => {
    it('loads the demo rates once, and not again after the merchant removed them', async () => {
      await ensureDemoTax(store.platform);
      const demo = await listTaxRates(db());
      assert.ok(demo.some((r) => r.country === 'GB' && r.region === '' && r.rateBps === 2000 && r.label === 'VAT'));
      assert.ok(demo.some((r) => r.country === 'US' && r.region === 'NY' && r.rateBps === 400));
      assert.equal((await readTaxSettings(db())).pricesIncludeTax, false);
      const gb = demo.find((r) => r.country === 'GB')!;
      assert.equal((await admin.post(`/admin/tax/${gb.id}/delete`, {})).statusCode, 303);
      await ensureDemoTax(store.platform);
      assert.equal((await listTaxRates(db())).length, demo.length - 1);
    });

    it('gives a destination its region’s rate, else its country’s, else none', async () => {
      assert.equal((await taxRateFor(db(), 'CA', 'ON'))?.label, 'HST');
      assert.equal((await taxRateFor(db(), 'ca', 'CA-ON'))?.rateBps, 1300);
      assert.equal((await taxRateFor(db(), 'CA', 'YT'))?.label, 'GST');
      assert.equal((await taxRateFor(db(), 'CA', ''))?.rateBps, 500);
      assert.equal((await taxRateFor(db(), 'US', 'OR')), null, 'a state without a rate is untaxed');
      assert.equal((await taxRateFor(db(), 'JP', null)), null);
      assert.equal((await taxRateFor(db(), 'not a country', 'NY')), null);
    });
  });

  describe('the tax admin', () => {
    it('refuses staff without settings.edit and sends strangers to sign in', async () => {
      const anonymous = await new Browser(store).get('/admin/tax');
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/staff\/sign-in/);
      for (const role of ['agent', 'lead'] as const) {
        const staff = new Browser(store);
        await staff.signIn(await createStaff(store, role));
        assert.equal((await staff.get('/admin/tax')).statusCode, 403);
        assert.equal((await staff.post('/admin/tax', { country: 'JP', label: 'Consumption tax', rate: '10' })).statusCode, 403);
        assert.equal((await staff.post('/admin/tax/settings', { pricesIncludeTax: 'yes' })).statusCode, 403);
      }
      assert.equal((await taxRateFor(db(), 'JP')), null);
    });

    it('adds, changes and removes a rate', async () => {
      const page = await admin.get('/admin/tax');
      assert.equal(page.statusCode, 200);
      assert.match(text(page.body), /Canada — ON HST 13 % Taxed/);
      const added = await admin.post('/admin/tax', { country: 'jp', region: '', label: 'Consumption tax', rate: '10 %' });
      assert.equal(added.statusCode, 303);
      const jp = (await taxRateFor(db(), 'JP'))!;
      assert.deepEqual([jp.label, jp.rateBps, jp.shippingTaxed], ['Consumption tax', 1000, false]);

      const edit = await admin.get(`/admin/tax/${jp.id}`);
      assert.match(text(edit.body), /Tax: Japan/);
      const fields = formFields(edit.body, `/admin/tax/${jp.id}`);
      fields.set('rate', '8.5');
      fields.set('shippingTaxed', 'yes');
      assert.equal((await admin.post(`/admin/tax/${jp.id}`, fields)).statusCode, 303);
      assert.deepEqual(await taxRateFor(db(), 'JP'), { ...jp, rateBps: 850, shippingTaxed: true });

      assert.equal((await admin.post(`/admin/tax/${jp.id}/delete`, {})).statusCode, 303);
      assert.equal(await taxRateFor(db(), 'JP'), null);
      assert.equal((await admin.post(`/admin/tax/${jp.id}/delete`, {})).statusCode, 404);
    });

    it('keeps what was typed and says what is wrong', async () => {
      const refused = await admin.post('/admin/tax', { country: 'Narnia', region: 'ABCD', label: '', rate: '7.255' });
      assert.equal(refused.statusCode, 400);
      const page = text(refused.body);
      assert.match(page, /two-letter country code/);
      assert.match(page, /up to three letters or digits/);
      assert.match(page, /Enter label/);
      assert.match(page, /percentage from 0 to 100 with at most two decimals/);
      assert.match(refused.body, /value="NARNIA"/);
      assert.match(refused.body, /value="7.255"/);
      assert.equal((await admin.post('/admin/tax', { country: 'US', label: 'Sales tax', rate: '101' })).statusCode, 400);
    });

    it('refuses a second rate for one destination', async () => {
      const again = await admin.post('/admin/tax', { country: 'US', region: 'US-NY', label: 'Sales tax', rate: '8.88' });
      assert.equal(again.statusCode, 409);
      assert.match(text(again.body), /This destination has a rate already/);
      assert.equal((await taxRateFor(db(), 'US', 'NY'))?.rateBps, 400);
      const tx = (await taxRateFor(db(), 'US', 'TX'))!;
      const moved = await admin.post(`/admin/tax/${tx.id}`, { country: 'US', region: 'NY', label: 'Sales tax', rate: '6.25' });
      assert.equal(moved.statusCode, 409);
      assert.equal((await taxRateFor(db(), 'US', 'TX'))?.rateBps, 625);
    });

    it('switches prices to include tax and back', async () => {
      assert.equal((await admin.post('/admin/tax/settings', { pricesIncludeTax: 'yes' })).statusCode, 303);
      assert.equal((await readTaxSettings(db())).pricesIncludeTax, true);
      assert.match((await admin.get('/admin/tax?notice=settings')).body, /name="pricesIncludeTax" value="yes" checked/);
      assert.equal((await admin.post('/admin/tax/settings', {})).statusCode, 303);
      assert.equal((await readTaxSettings(db())).pricesIncludeTax, false);
    });
  });
});
