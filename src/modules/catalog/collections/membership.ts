// Rule-based collections are materialised into collection_products, so listings are one
// join whatever the rules. A product's rows are recomputed when it is saved, a
// collection's when its rules change; both use the same SQL predicate.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { collectionProducts, collections, products, type CollectionRules } from '../schema.ts';

function condition(rule: CollectionRules['conditions'][number]): SQL {
  const value = rule.value.trim().toLowerCase();
  const like = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  switch (rule.field) {
    case 'tag':
      return rule.operator === 'equals'
        ? sql`exists (select 1 from unnest(${products.tags}) t where lower(t) = ${value})`
        : sql`exists (select 1 from unnest(${products.tags}) t where lower(t) like ${like})`;
    case 'type':
      return rule.operator === 'equals' ? sql`lower(${products.productType}) = ${value}` : sql`lower(${products.productType}) like ${like}`;
    case 'vendor':
      return rule.operator === 'equals' ? sql`lower(${products.vendor}) = ${value}` : sql`lower(${products.vendor}) like ${like}`;
    case 'title':
      return rule.operator === 'equals' ? sql`lower(${products.title}) = ${value}` : sql`lower(${products.title}) like ${like}`;
  }
}

/** The SQL predicate on `products` that a rule set describes (false for no conditions). */
export function rulePredicate(rules: CollectionRules): SQL {
  if (rules.conditions.length === 0) return sql`false`;
  const parts = rules.conditions.map(condition);
  return sql.join(parts.map((part) => sql`(${part})`), rules.match === 'all' ? sql` and ` : sql` or `);
}

async function ruleCollections(tx: Db): Promise<{ id: string; rules: CollectionRules }[]> {
  const found = await tx.select({ id: collections.id, rules: collections.rules }).from(collections).where(eq(collections.kind, 'rule'));
  return found.filter((c): c is { id: string; rules: CollectionRules } => c.rules !== null);
}

/** Recomputes which rule collections hold one product. */
export async function refreshProductMembership(tx: Db, productId: string): Promise<void> {
  await tx.delete(collectionProducts).where(and(eq(collectionProducts.productId, productId), eq(collectionProducts.source, 'rule')));
  for (const collection of await ruleCollections(tx)) {
    await rows(
      tx,
      sql`insert into ${collectionProducts} (collection_id, product_id, position, source)
          select ${collection.id}, ${products.id}, 0, 'rule' from ${products}
          where ${products.id} = ${productId} and ${rulePredicate(collection.rules)}
          on conflict do nothing`,
    );
  }
}

/** Recomputes a rule collection's members from its rules (no-op for a manual collection). */
export async function refreshCollectionMembership(tx: Db, collectionId: string): Promise<void> {
  const [collection] = await tx.select().from(collections).where(eq(collections.id, collectionId));
  if (!collection || collection.kind !== 'rule' || !collection.rules) return;
  await tx.delete(collectionProducts).where(and(eq(collectionProducts.collectionId, collectionId), eq(collectionProducts.source, 'rule')));
  await rows(
    tx,
    sql`insert into ${collectionProducts} (collection_id, product_id, position, source)
        select ${collectionId}, ${products.id}, 0, 'rule' from ${products}
        where ${rulePredicate(collection.rules)}
        on conflict do nothing`,
  );
}
