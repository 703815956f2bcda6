import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rows } from '../../../platform/db/database.ts';
import { Browser, createStaff } from '../../../testing/admin.ts';
import { productInput, saveTestProduct, setTestStock } from '../../../testing/catalog.ts';
import { multipart, type Part } from '../../../testing/multipart.ts';
import { createTestStore, type TestStore } from '../../../testing/store.ts';

const PATH = '/admin/inventory/import';

class StockBrowser extends Browser {
  upload(parts: Part[], headers: Record<string, string> = {}) {
    const { body, type } = multipart(parts);
    return this.request({
      method: 'POST',
      url: PATH,
      payload: body,
      headers: { accept: 'text/html', 'content-type': type, ...headers },
    });
  }

  /** Posts the form as a browser would: its token, the batch id field as shown or given, the file. */
  async sendFile(csv: string, batchId?: string) {
    const form = await this.get(PATH);
    const shown = /name="batchId"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="batchId"/.exec(
      form.body,
    );
    return this.upload([
      { name: '_csrf', value: this.csrf },
      { name: 'batchId', value: batchId ?? shown?.[1] ?? shown?.[2] ?? '' },
      { name: 'file', filename: 'stock.csv', data: Buffer.from(csv) },
    ]);
  }
}

describe('admin: stock file upload', () => {
  let store: TestStore;
  let admin: StockBrowser;
  let cup = '';
  let plate = '';
  const onHand = async (id: string) =>
    (
      await rows<{ n: number }>(
        store.platform.database.db,
        sql`select coalesce(sum(on_hand), 0)::int as n from stock_levels where variant_id = ${id}`,
      )
    )[0]!.n;

  before(async () => {
    store = await createTestStore();
    const input = productInput('upload-tableware', [
      { options: ['Cup'], priceMinor: 800 },
      { options: ['Plate'], priceMinor: 1200 },
    ]);
    input.variants[0]!.sku = 'TW-CUP';
    input.variants[1]!.sku = 'TW-PLATE';
    [cup = '', plate = ''] = await saveTestProduct(store, input);
    await setTestStock(store, [cup, plate], 5);
    admin = new StockBrowser(store);
    await admin.signIn(await createStaff(store, 'admin'));
  });
  after(() => store.close());

  it('is for staff with inventory.edit, and in their navigation', async () => {
    const lead = new StockBrowser(store);
    await lead.signIn(await createStaff(store, 'lead'));
    assert.equal((await lead.get(PATH)).statusCode, 403);
    assert.equal((await lead.sendFile('sku,delta\nTW-CUP,1\n', 'lead-1')).statusCode, 403);
    assert.doesNotMatch((await lead.get('/admin')).body, /href="\/admin\/inventory\/import"/);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/inventory\/import"/);
    assert.equal((await new StockBrowser(store).get(PATH)).statusCode, 303);
    assert.equal(await onHand(cup), 5);
  });

  it('shows the form with a fresh batch id and the file format', async () => {
    const page = await admin.get(PATH);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /<label class="field__label" for="field-batchId">Batch id/);
    assert.match(page.body, /value="stock-\d{4}-\d\d-\d\d-[a-z0-9]+"/);
    assert.match(page.body, /sku,location,set,delta,reason/);
  });

  it('applies the good rows of a file, reports the bad ones by line, and replays it harmlessly', async () => {
    const csv = [
      'sku,location,set,delta,reason',
      'TW-CUP,,12,,Counted',
      'TW-NOPE,,,3,',
      'TW-PLATE,,,abc,',
      '',
      'TW-PLATE,,,-2,Broken',
      'TW-PLATE,,,-9,',
    ].join('\r\n');
    const response = await admin.sendFile(csv, 'upload-1');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /2 rows applied, 3 rows not applied/);
    const row = (line: number) =>
      new RegExp(`<tr><td class="num">${line}</td>[\\s\\S]*?</tr>`).exec(response.body)?.[0] ?? '';
    assert.match(row(2), /TW-CUP[\s\S]*Applied[\s\S]*>5<[\s\S]*>12</);
    assert.match(row(3), /Not applied: No variant has the SKU (&quot;|")TW-NOPE/);
    assert.match(
      row(4),
      /Not applied: The delta column holds (&quot;|")abc(&quot;|"), which is not a number/,
    );
    assert.match(row(6), /Applied/);
    assert.match(row(7), /Not applied: That would leave -6 on hand/);
    assert.equal(await onHand(cup), 12);
    assert.equal(await onHand(plate), 3);

    const again = await admin.sendFile(csv, 'upload-1');
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /Stock file already applied/);
    assert.match(again.body, /Nothing changed this time/);
    assert.equal(await onHand(cup), 12);
    assert.equal(await onHand(plate), 3);

    const reused = await admin.sendFile('sku,delta\nTW-CUP,1\n', 'upload-1');
    assert.equal(reused.statusCode, 422);
    assert.match(reused.body, /already used for other lines/);
    assert.match(reused.body, /aria-invalid="true"[^>]*|field--invalid/);
    assert.equal(await onHand(cup), 12);
  });

  it('explains a file that cannot be applied at all', async () => {
    const badHeader = await admin.sendFile('sku,qty\nTW-CUP,1\n', 'bad-header');
    assert.equal(badHeader.statusCode, 422);
    assert.match(badHeader.body, /Nothing was applied/);
    assert.match(badHeader.body, /(&quot;|")qty(&quot;|") is not one of them/);
    const noRows = await admin.sendFile('sku,set\n', 'no-rows');
    assert.equal(noRows.statusCode, 422);
    assert.match(noRows.body, /no rows/);
    const badId = await admin.sendFile('sku,set\nTW-CUP,1\n', 'has spaces');
    assert.equal(badId.statusCode, 422);
    assert.match(badId.body, /A batch id is 1 to 100 letters/);
    const noFile = await admin.upload([
      { name: '_csrf', value: admin.csrf },
      { name: 'batchId', value: 'no-file' },
    ]);
    assert.equal(noFile.statusCode, 422);
    assert.match(noFile.body, /Choose a CSV file/);
    assert.equal(await onHand(cup), 12);
  });

  it('refuses an upload without the form token', async () => {
    await admin.get(PATH);
    const forged = await admin.upload([
      { name: 'batchId', value: 'forged-1' },
      { name: 'file', filename: 'stock.csv', data: Buffer.from('sku,set\nTW-CUP,0\n') },
    ]);
    assert.equal(forged.statusCode, 403);
    const crossSite = await admin.upload(
      [
        { name: '_csrf', value: admin.csrf },
        { name: 'file', filename: 'stock.csv', data: Buffer.from('sku,set\nTW-CUP,0\n') },
      ],
      { 'sec-fetch-site': 'cross-site' },
    );
    assert.equal(crossSite.statusCode, 403);
    assert.equal(await onHand(cup), 12);
  });
});
