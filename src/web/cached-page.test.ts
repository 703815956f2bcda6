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
