import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestStore, type TestStore } from '../../../testing/store.ts';
import { productImages } from '../schema.ts';
import { productInput, saveTestProduct } from '../storefront/test-support.ts';
import { DEFAULT_LIMITS, isAllowedAddress, sniffImageType } from './fetch.ts';
import { initialsOf, PLACEHOLDER_PALETTE, placeholderColour } from './placeholder.ts';
import { fetchAndStoreImage, queueImageFetches } from './store.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const TEST_LIMITS = { ...DEFAULT_LIMITS, allowLoopback: true, timeoutMs: 2000, maxBytes: 1024 };

/** WCAG relative luminance and contrast ratio against white. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

describe('product images', () => {
  let store: TestStore;
  let dataDir: string;
  let server: Server;
  let origin: string;
  let productId: string;
  let hits = 0;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doorstep-images-'));
    store = await createTestStore({ env: { DATA_DIR: dataDir } });
    server = createServer((request, response) => {
      hits++;
      switch (request.url) {
        case '/ok.png':
          return response.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        case '/moved.png':
          return response.writeHead(301, { location: '/ok.png' }).end();
        case '/huge.png':
          return response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.concat([PNG, Buffer.alloc(4096)]));
        case '/huge-chunked.png':
          // No content-length: the limit must hold while reading.
          response.writeHead(200, { 'content-type': 'image/png', 'transfer-encoding': 'chunked' });
          response.write(PNG);
          return response.end(Buffer.alloc(4096));
        case '/page.html':
          return response.writeHead(200, { 'content-type': 'text/html' }).end('<html><script>alert(1)</script></html>');
        case '/liar.png':
          return response.writeHead(200, { 'content-type': 'image/png' }).end('<svg onload="alert(1)"></svg>');
        case '/broken.png':
          return response.writeHead(503).end();
        default:
          return response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const saved = await saveTestProduct(
      store,
      productInput('clay-plant-pot', {
        title: 'Clay Plant Pot',
        images: ['ok', 'moved', 'huge', 'huge-chunked', 'page', 'liar', 'broken'].map((name, i) => ({ src: `${origin}/${name}.${name === 'page' ? 'html' : 'png'}`, alt: name, position: i + 1 })),
      }),
    );
    productId = saved.productId;
  });
  after(async () => {
    await store.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const imageBySrc = async (name: string) => {
    const [row] = await store.platform.database.db.select().from(productImages).where(eq(productImages.src, `${origin}/${name}`));
    return row!;
  };
  const fetchImage = async (name: string, retryCount = 3, limits = TEST_LIMITS) => fetchAndStoreImage(store.platform, (await imageBySrc(name)).id, { retryCount }, limits);

  describe('placeholder', () => {
    it('draws the product’s initials on a colour of its own, cacheably', async () => {
      const response = await store.app.inject({ url: `/images/placeholder/${productId}.svg` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'image/svg+xml; charset=utf-8');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.match(String(response.headers['cache-control']), /^public, max-age=86400/);
      assert.match(response.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 400 500"/);
      assert.match(response.body, />CP<\/text>/);
      assert.match(response.body, new RegExp(`fill="${placeholderColour('clay-plant-pot')}"`));
      const again = await store.app.inject({ url: `/images/placeholder/${productId}.svg`, headers: { 'if-none-match': String(response.headers.etag) } });
      assert.equal(again.statusCode, 304);
    });

    it('is a 404 for unknown products and malformed names', async () => {
      for (const url of [`/images/placeholder/${crypto.randomUUID()}.svg`, '/images/placeholder/..%2F..%2Fetc%2Fpasswd', `/images/placeholder/${productId}.png`]) {
        const response = await store.app.inject({ url });
        assert.equal(response.statusCode, 404, url);
      }
    });

    it('keeps white initials readable on every palette colour, and picks them sensibly', () => {
      for (const colour of PLACEHOLDER_PALETTE) assert.ok(contrastWithWhite(colour) >= 4.5, `${colour}: ${contrastWithWhite(colour).toFixed(2)}`);
      assert.equal(initialsOf('Clay Plant Pot'), 'CP');
      assert.equal(initialsOf('7 Shakra Bracelet'), '7S');
      assert.equal(initialsOf('élan'), 'É');
      assert.equal(initialsOf('<script>'), 'S');
      assert.equal(initialsOf('!!!'), '?');
      assert.equal(placeholderColour('clay-plant-pot'), placeholderColour('clay-plant-pot'));
    });
  });

  describe('fetching', () => {
    it('queues a fetch for each pending image of a changed product', async () => {
      const queued = await store.platform.database.transaction((tx) => queueImageFetches(store.platform, tx, productId));
      assert.equal(queued, 7);
    });

    it('stores a fetched image and serves it with its type and nosniff', async () => {
      const before = await store.app.inject({ url: `/images/products/${(await imageBySrc('ok.png')).id}` });
      assert.equal(before.statusCode, 302, 'not fetched yet: the placeholder');
      assert.equal(before.headers.location, `/images/placeholder/${productId}.svg`);

      assert.equal(await fetchImage('ok.png'), 'stored');
      const image = await imageBySrc('ok.png');
      assert.equal(image.fetchState, 'stored');
      assert.equal(image.contentType, 'image/png');
      assert.deepEqual(readFileSync(join(dataDir, image.storedPath!)), PNG);

      const response = await store.app.inject({ url: `/images/products/${image.id}` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'image/png');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(response.rawPayload, PNG);
      assert.equal(await fetchImage('ok.png'), 'skipped', 'a stored image is not fetched again');
    });

    it('follows a redirect', async () => {
      assert.equal(await fetchImage('moved.png'), 'stored');
    });

    it('refuses what is too large, not an image, or not what it claims, without retrying', async () => {
      for (const name of ['huge.png', 'huge-chunked.png', 'page.html', 'liar.png']) {
        assert.equal(await fetchImage(name, 0), 'failed', name);
        assert.equal((await imageBySrc(name)).fetchState, 'failed', name);
      }
    });

    it('retries a server error and gives up after the last attempt', async () => {
      await assert.rejects(fetchImage('broken.png', 0), /answered 503/);
      assert.equal((await imageBySrc('broken.png')).fetchState, 'pending');
      assert.equal(await fetchImage('broken.png', 3), 'failed');
    });

    it('never connects to loopback or private addresses outside tests', async () => {
      const [row] = await store.platform.database.db.select().from(productImages).where(eq(productImages.src, `${origin}/ok.png`));
      await store.platform.database.db.update(productImages).set({ fetchState: 'pending' }).where(eq(productImages.id, row!.id));
      const seen = hits;
      assert.equal(await fetchAndStoreImage(store.platform, row!.id, { retryCount: 0 }, DEFAULT_LIMITS), 'failed');
      assert.equal(hits, seen, 'no request reached the server');
      for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
        assert.equal(isAllowedAddress(address), false, address);
      }
      for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) assert.equal(isAllowedAddress(address), true, address);
      assert.equal(isAllowedAddress('127.0.0.1', true), true);
      assert.equal(isAllowedAddress('10.0.0.1', true), false, 'the test switch allows loopback only');
    });

    it('recognises image types by their first bytes', () => {
      assert.equal(sniffImageType(PNG), 'image/png');
      assert.equal(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
      assert.equal(sniffImageType(Buffer.from('GIF89a....')), 'image/gif');
      assert.equal(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
      assert.equal(sniffImageType(Buffer.from('\0\0\0\x1cftypavif')), 'image/avif');
      assert.equal(sniffImageType(Buffer.from('<svg>')), null);
    });
  });

  describe('serving stored files', () => {
    it('falls back to the placeholder when the stored file is missing or its record is odd', async () => {
      const image = await imageBySrc('moved.png');
      rmSync(join(dataDir, image.storedPath!));
      const missing = await store.app.inject({ url: `/images/products/${image.id}` });
      assert.equal(missing.statusCode, 302);

      mkdirSync(join(dataDir, 'elsewhere'), { recursive: true });
      writeFileSync(join(dataDir, 'elsewhere', 'secret'), 'secret');
      await store.platform.database.db.update(productImages).set({ storedPath: 'elsewhere/secret' }).where(eq(productImages.id, image.id));
      assert.equal((await store.app.inject({ url: `/images/products/${image.id}` })).statusCode, 302, 'only the file the job writes is served');
    });

    it('answers 404 for an unknown image and 400 for a malformed id', async () => {
      assert.equal((await store.app.inject({ url: `/images/products/${crypto.randomUUID()}` })).statusCode, 404);
      assert.equal((await store.app.inject({ url: '/images/products/not-an-id' })).statusCode, 400);
    });
  });
});
