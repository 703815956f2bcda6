import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CachedPage, preferredEncoding } from './cached-page.ts';

describe('cached pages', () => {
  it('keeps one rendering with its compressed forms and a stable etag', () => {
    const html = '<!doctype html><p>' + 'Ocean Blue Shirt '.repeat(200) + '</p>';
    const page = new CachedPage(html);
    assert.equal(brotliDecompressSync(page.body('br')).toString(), html);
    assert.equal(gunzipSync(page.body('gzip')).toString(), html);
    assert.equal(page.body('identity').toString(), html);
    assert.equal(page.body('br'), page.body('br'), 'compressed once');
    assert.equal(page.etag, new CachedPage(html).etag);
    assert.notEqual(page.etag, new CachedPage(html + ' ').etag);
  });

  it('negotiates br, then gzip, honouring refusals', () => {
    assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
    assert.equal(preferredEncoding('gzip, br;q=0'), 'gzip');
    assert.equal(preferredEncoding('deflate'), 'identity');
    assert.equal(preferredEncoding(undefined), 'identity');
    assert.equal(preferredEncoding('*'), 'gzip');
  });
});

describe('the tagged cache', () => {
  it('builds a page once for concurrent misses, and again after a change', async () => {
    const { TaggedCache } = await import('../platform/cache.ts');
    const cache = new TaggedCache({ enabled: true, maxChars: 10_000, ttlMs: 60_000 });
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return `page ${builds}`;
    };
    const pages = await Promise.all(Array.from({ length: 50 }, () => cache.remember('/x', ['catalog'], build)));
    assert.equal(builds, 1);
    assert.ok(pages.every((page) => page === 'page 1'));
    const during = cache.remember('/x', ['catalog', 'stock'], build);
    cache.invalidate('catalog');
    assert.equal(await cache.remember('/x', ['catalog'], build), 'page 3', 'a change means a new build');
    await during;
    assert.equal(cache.get('/x', ['catalog']), 'page 3');
  });
});
