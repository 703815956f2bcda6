import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { NO_FILTERS, parseListingQuery, type ListingQuery } from '../products/listing.ts';
import { productInput } from '../storefront/test-support.ts';
import { saveAll, SEARCH_CATALOG } from './fixtures.ts';
import { searchProducts, suggestProducts } from './service.ts';

const firstPage: ListingQuery = { filters: NO_FILTERS, sort: null, page: 1 };

describe('product search', () => {
  let store: TestStore;
  before(async () => {
    store = await createTestStore();
    await saveAll(store, SEARCH_CATALOG);
  });
  after(() => store.close());

  const search = (query: string, listing: ListingQuery = firstPage, pageSize = 24) =>
    searchProducts(store.platform.database, { query, listing, pageSize });
  const handles = async (query: string, listing?: ListingQuery) => (await search(query, listing)).result.cards.map((c) => c.handle);

  it('ranks a title match above a tag or type match, and those above a body-only match', async () => {
    assert.deepEqual(await handles('bracelet'), ['silver-bracelet', 'beaded-anklet', 'gift-box']);
  });

  it('puts an exact title match first', async () => {
    assert.equal((await handles('gold necklace'))[0], 'gold-necklace');
    assert.deepEqual(await handles('Silver Bracelet'), ['silver-bracelet']);
  });

  it('matches the last word as a prefix while typing', async () => {
    assert.deepEqual(await handles('shir'), ['ocean-blue-shirt']);
    assert.deepEqual(await handles('ocean bl'), ['ocean-blue-shirt']);
  });

  it('does not match a correctly spelt word fuzzily', async () => {
    assert.deepEqual(await handles('shirt'), ['ocean-blue-shirt']);
  });

  it('tolerates typos', async () => {
    assert.equal((await handles('braclet'))[0], 'silver-bracelet');
    assert.deepEqual(await handles('neckalce'), ['gold-necklace']);
    assert.deepEqual(await handles('gold neckalce'), ['gold-necklace']);
  });

  it('ignores accents both ways', async () => {
    assert.deepEqual(await handles('creme'), ['creme-candle']);
    assert.deepEqual(await handles('CRÈME brulee'), ['creme-candle']);
  });

  it('offers a spelling that finds something when nothing is found', async () => {
    const outcome = await search('nekclace');
    assert.equal(outcome.result.total, 0);
    assert.equal(outcome.didYouMean, 'necklace');
    const twoWords = await search('gold nekclace');
    assert.equal(twoWords.didYouMean, 'gold necklace');
    const nothing = await search('zzqxv');
    assert.equal(nothing.didYouMean, null);
  });

  it('never shows draft or archived products, nor suggests their words', async () => {
    assert.ok(!(await handles('bracelet')).some((h) => h === 'secret-bracelet' || h === 'retired-bracelet'));
    assert.deepEqual(await handles('secret'), []);
    assert.equal((await search('secrat')).didYouMean, null);
  });

  it('combines filters with the search', async () => {
    const byVendor = parseListingQuery({ vendor: 'Company 123' });
    assert.deepEqual(await handles('bracelet', byVendor), ['silver-bracelet']);
    const cheap = parseListingQuery({ price_max: '30' });
    assert.deepEqual(await handles('bracelet', cheap), ['beaded-anklet', 'gift-box']);
    const outcome = await search('bracelet');
    assert.deepEqual(outcome.result.facets.vendors.map((v) => v.value).sort(), ['Acme', 'Company 123']);
  });

  it('sorts by another order when asked', async () => {
    assert.deepEqual(await handles('bracelet', parseListingQuery({ sort: 'price-asc' })), ['gift-box', 'beaded-anklet', 'silver-bracelet']);
  });

  it('paginates', async () => {
    const first = await search('bracelet', firstPage, 2);
    assert.equal(first.result.total, 3);
    assert.equal(first.result.pageCount, 2);
    assert.deepEqual(first.result.cards.map((c) => c.handle), ['silver-bracelet', 'beaded-anklet']);
    const second = await search('bracelet', { ...firstPage, page: 2 }, 2);
    assert.deepEqual(second.result.cards.map((c) => c.handle), ['gift-box']);
  });

  it('treats input with nothing searchable as no search', async () => {
    for (const query of ['', '   ', 'the', '&|!():*', '🙂🙂']) {
      const outcome = await search(query);
      assert.equal(outcome.searched, false, query);
      assert.equal(outcome.result.total, 0);
    }
  });

  it('survives hostile input', async () => {
    const hostile = [
      `'; drop table products; --`,
      `"quoted" 'single' \\ backslash`,
      '<script>alert(1)</script>',
      "shirt' & !blue | (:*",
      'a:* & b <-> c',
      '💍 bracelet 💍',
      'x'.repeat(10_000),
      'word '.repeat(2_000),
      '\u0000\u0001 null bytes',
      'ﷺ'.repeat(50),
      '\ud83d lone surrogate',
    ];
    for (const query of hostile) {
      const outcome = await search(query);
      assert.ok(outcome.query.length <= 200, 'the echoed query is bounded');
      assert.ok(outcome.result.total >= 0);
    }
    assert.deepEqual(await handles('💍 bracelet 💍'), ['silver-bracelet', 'beaded-anklet', 'gift-box']);
    assert.equal((await handles('bracelet')).length, 3, 'the products table is still there');
  });

  it('suggests a few products while typing', async () => {
    const suggestions = await suggestProducts(store.platform.database, 'brac');
    assert.deepEqual(suggestions.map((s) => s.handle), ['silver-bracelet', 'beaded-anklet', 'gift-box']);
    assert.equal(suggestions[0]!.priceMinMinor, 4500);
    assert.deepEqual(await suggestProducts(store.platform.database, ''), []);
    assert.equal((await suggestProducts(store.platform.database, 'bracelet', 2)).length, 2);
  });

  it('finds a product once it is saved and forgets it once it is archived', async () => {
    await saveAll(store, [productInput('linen-scarf', { title: 'Linen Scarf' })]);
    assert.deepEqual(await handles('scarf'), ['linen-scarf']);
    await saveAll(store, [productInput('linen-scarf', { title: 'Linen Scarf', status: 'archived' })]);
    assert.deepEqual(await handles('scarf'), []);
  });
});
