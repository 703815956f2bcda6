// Serving product pictures: the stored copy of an image, or the product's generated
// placeholder. Both are public and cacheable; stored files go out with nosniff so a file
// can only ever be the image type recorded for it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import type { App } from '../../../platform/http/app.ts';
import { problems } from '../../../platform/http/problem.ts';
import type { Platform } from '../../../platform/platform.ts';
import { productImages, products } from '../schema.ts';
import { IMAGE_TYPES } from './fetch.ts';
import { placeholderSvg } from './placeholder.ts';
import { storedImagePath } from './store.ts';
import { placeholderUrl } from './urls.ts';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const PLACEHOLDER_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.svg$/i;
const DAY = 24 * 3600;

export function registerImageRoutes(app: App, platform: Platform): void {
  const db = () => platform.database.db;

  app.get(
    '/images/placeholder/:file',
    { config: { access: 'public' }, schema: { params: Type.Object({ file: Type.String({ maxLength: 60 }) }) } },
    async (request, reply) => {
      const productId = PLACEHOLDER_FILE.exec(request.params.file)?.[1];
      if (!productId) throw problems.notFound('image');
      const [product] = await db().select({ title: products.title, handle: products.handle }).from(products).where(eq(products.id, productId));
      if (!product) throw problems.notFound('image');
      const svg = placeholderSvg(product);
      const etag = `"${createHash('sha1').update(svg).digest('base64url')}"`;
      reply
        .header('etag', etag)
        // A renamed product gets new initials within a day; until then the old ones are harmless.
        .header('cache-control', `public, max-age=${DAY}, stale-while-revalidate=${7 * DAY}`)
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('image/svg+xml; charset=utf-8').send(svg);
    },
  );

  app.get(
    '/images/products/:imageId',
    { config: { access: 'public' }, schema: { params: Type.Object({ imageId: Type.String({ pattern: UUID }) }) } },
    async (request, reply) => {
      const [image] = await db().select().from(productImages).where(eq(productImages.id, request.params.imageId));
      if (!image) throw problems.notFound('image');
      const file = image.fetchState === 'stored' ? await readStored(platform.config.dataDir, image) : null;
      if (!file) return reply.header('cache-control', 'public, max-age=300').redirect(placeholderUrl(image.productId), 302);
      const etag = `"${image.id}-${image.updatedAt.getTime().toString(36)}"`;
      reply
        .header('etag', etag)
        .header('cache-control', `public, max-age=${DAY}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(file.contentType).send(file.body);
    },
  );
}

/** The stored file, if the record points where the fetch job writes, and is of an image type. */
async function readStored(dataDir: string, image: typeof productImages.$inferSelect): Promise<{ body: Buffer; contentType: string } | null> {
  const { storedPath, contentType } = image;
  // Only the one place the job writes to is ever read: a record cannot point elsewhere.
  if (storedPath !== storedImagePath(image.id) || !contentType || !(IMAGE_TYPES as readonly string[]).includes(contentType)) return null;
  try {
    return { body: await readFile(join(dataDir, storedPath)), contentType };
  } catch {
    return null;
  }
}
