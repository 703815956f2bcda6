// Products that go with some variants, for the suggestions in emails: sharing a collection or
// having been bought with them counts most, then the same product type, then a shared tag.
// Only what shoppers can see and order now (active, and available as listings show it); the
// caller narrows further (stock now) and says what the reader already has. One query.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import type { ProductImage } from '../model.ts';
import { collectionProducts, productImages, products, productVariants } from '../schema.ts';

export interface RelatedRequest {
  /** The variants the suggestions are for; their products are never suggested. */
  variantIds: readonly string[];
  /** Variants bought on the same orders as these, with how many orders (from order history). */
  boughtWith: ReadonlyMap<string, number>;
  /** Variants whose products must not be suggested (what the reader already bought). */
  excludeVariantIds: readonly string[];
  limit: number;
}

export interface RelatedProduct {
  id: string;
  handle: string;
  title: string;
  priceMinMinor: number;
  priceMaxMinor: number;
  image: ProductImage | null;
  /** Its variants, in the product's order: the caller checks their stock. */
  variantIds: string[];
  score: number;
}

/** Orders in common count up to this many times: a best-seller should not drown every other reason. */
const BOUGHT_WITH_CAP = 3;

const uuids = (ids: Iterable<string>): SQL => sql`ARRAY[${sql.join([...new Set(ids)].map((id) => sql`${id}`), sql`, `)}]::uuid[]`;

interface Row extends Record<string, unknown> {
  id: string;
  handle: string;
  title: string;
  price_min_minor: number;
  price_max_minor: number;
  score: number;
  variant_ids: string[] | null;
  image_id: string | null;
  image_position: number | null;
  image_src: string | null;
  image_alt: string | null;
  image_fetch_state: string | null;
}

/** Related products, best first (score, then title), at most `limit`. */
export async function productsRelatedTo(db: Db, request: RelatedRequest): Promise<RelatedProduct[]> {
  if (request.variantIds.length === 0 && request.boughtWith.size === 0) return [];
  const together = [...request.boughtWith];
  const found = await rows<Row>(
    db,
    sql`with seed as (
          select distinct p.id, p.product_type, p.tags
          from ${productVariants} v join ${products} p on p.id = v.product_id
          where v.id = any(${uuids(request.variantIds)})
        ),
        seed_collections as (
          select distinct cp.collection_id from ${collectionProducts} cp where cp.product_id in (select id from seed)
        ),
        seed_tags as (
          select coalesce(array_agg(distinct tag), '{}'::text[]) as tags from seed, unnest(seed.tags) as tag
        ),
        together as (
          select v.product_id, sum(t.orders)::int as orders
          from unnest(${uuids(together.map(([id]) => id))}, ARRAY[${sql.join(together.map(([, n]) => sql`${n}`), sql`, `)}]::int[]) as t(variant_id, orders)
          join ${productVariants} v on v.id = t.variant_id
          group by v.product_id
        ),
        candidates as (
          select distinct cp.product_id, 2 as points
            from ${collectionProducts} cp join seed_collections sc on sc.collection_id = cp.collection_id
          union all
          select p.id, 1 from ${products} p where p.product_type <> '' and p.product_type in (select product_type from seed)
          union all
          select p.id, 1 from ${products} p, seed_tags st where p.tags && st.tags
          union all
          select product_id, 2 * least(orders, ${BOUGHT_WITH_CAP}) from together
        ),
        excluded as (
          select id as product_id from seed
          union
          select v.product_id from ${productVariants} v where v.id = any(${uuids(request.excludeVariantIds)})
        ),
        scored as (
          select p.id, p.handle, p.title, p.price_min_minor, p.price_max_minor, sum(c.points)::int as score
          from candidates c join ${products} p on p.id = c.product_id
          where p.status = 'active' and p.available and p.id not in (select product_id from excluded)
          group by p.id
          order by score desc, lower(p.title), p.id
          limit ${request.limit}
        )
        select s.*,
          (select array_agg(v.id::text order by v.position) from ${productVariants} v where v.product_id = s.id) as variant_ids,
          img.id as image_id, img.position as image_position, img.src as image_src, img.alt as image_alt, img.fetch_state as image_fetch_state
        from scored s
        left join lateral (
          select i.id, i.position, i.src, i.alt, i.fetch_state from ${productImages} i where i.product_id = s.id order by i.position limit 1
        ) img on true
        order by s.score desc, lower(s.title), s.id`,
  );
  return found.map((row) => ({
    id: row.id,
    handle: row.handle,
    title: row.title,
    priceMinMinor: Number(row.price_min_minor),
    priceMaxMinor: Number(row.price_max_minor),
    image:
      row.image_id === null
        ? null
        : { id: row.image_id, position: Number(row.image_position), src: row.image_src ?? '', alt: row.image_alt ?? '', stored: row.image_fetch_state === 'stored' },
    variantIds: row.variant_ids ?? [],
    score: Number(row.score),
  }));
}
