// /sitemap.xml and /robots.txt: every page a search engine should know (home, collections,
// active products, each with when it last changed), and the areas it should leave alone.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { collectionProducts, collections, products } from '../schema.ts';

/** The sitemap protocol's limit for one file. */
const MAX_URLS = 50_000;

export interface SitemapEntry {
  path: string;
  lastModified: Date | null;
}

export async function sitemapEntries(db: Db): Promise<SitemapEntry[]> {
  const [productRows, collectionRows] = await Promise.all([
    db
      .select({ handle: products.handle, updatedAt: products.updatedAt })
      .from(products)
      .where(eq(products.status, 'active'))
      .orderBy(products.handle)
      .limit(MAX_URLS),
    // A collection changes when it does, or when any of its active products does.
    db
      .select({
        handle: collections.handle,
        updatedAt: sql<Date>`greatest(${collections.updatedAt}, max(${products.updatedAt}))`.mapWith(collections.updatedAt),
      })
      .from(collections)
      .leftJoin(collectionProducts, eq(collectionProducts.collectionId, collections.id))
      .leftJoin(products, and(eq(products.id, collectionProducts.productId), eq(products.status, 'active')))
      .where(eq(collections.status, 'active'))
      .groupBy(collections.id)
      .orderBy(collections.handle),
  ]);
  const newest = productRows.reduce<Date | null>((latest, row) => (latest && latest > row.updatedAt ? latest : row.updatedAt), null);
  return [
    { path: '/', lastModified: newest },
    { path: '/collections/all', lastModified: newest },
    ...collectionRows.filter((c) => c.handle !== 'all').map((c) => ({ path: `/collections/${c.handle}`, lastModified: c.updatedAt })),
    ...productRows.map((p) => ({ path: `/products/${p.handle}`, lastModified: p.updatedAt })),
  ].slice(0, MAX_URLS);
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sitemapXml(entries: readonly SitemapEntry[], baseUrl: string): string {
  const urls = entries.map((entry) => {
    const loc = `<loc>${escapeXml(new URL(entry.path, baseUrl).href)}</loc>`;
    const lastmod = entry.lastModified ? `<lastmod>${entry.lastModified.toISOString()}</lastmod>` : '';
    return `<url>${loc}${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** Private and per-visitor areas are not for crawlers; neither are endless filter combinations. */
export function robotsTxt(baseUrl: string): string {
  return [
    'User-agent: *',
    'Disallow: /admin',
    'Disallow: /staff',
    'Disallow: /account',
    'Disallow: /cart',
    'Disallow: /checkout',
    'Disallow: /api',
    '',
    `Sitemap: ${new URL('/sitemap.xml', baseUrl).href}`,
    '',
  ].join('\n');
}
