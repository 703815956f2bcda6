// Saving and deleting collections. A manual collection's products are the merchant's list;
// a rule-based one's are recomputed from its rules here and whenever a product is saved
// (membership.ts). Every change is announced and drops the cached catalogue pages.
import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids.ts';
import type { Platform } from '../../../platform/platform.ts';
import { catalogChanged } from '../changes.ts';
import { collectionChanged } from '../events.ts';
import { HANDLE_PATTERN } from '../products/save.ts';
import { collectionProducts, collections, COLLECTION_SORTS, type CollectionRules, type CollectionSort } from '../schema.ts';
import { refreshCollectionMembership } from './membership.ts';

/** A collection definition the catalog cannot store; the message is shown to the merchant. */
export class CollectionInputError extends Error {
  override name = 'CollectionInputError';
}

export const MAX_CONDITIONS = 10;
export const MAX_MANUAL_PRODUCTS = 5000;
/** /collections/all is the shop's list of every product; no collection may take its address. */
export const RESERVED_COLLECTION_HANDLES: readonly string[] = ['all'];
export const RULE_FIELDS = ['tag', 'type', 'vendor', 'title'] as const;
export const RULE_OPERATORS = ['equals', 'contains'] as const;

export interface CollectionInput {
  handle: string;
  title: string;
  description: string;
  kind: 'manual' | 'rule';
  /** Required for a rule-based collection, ignored for a manual one. */
  rules: CollectionRules | null;
  sortOrder: CollectionSort;
  featured: boolean;
  position: number;
  status: 'active' | 'draft';
  /** A manual collection's products, in order; ignored for a rule-based one. */
  productIds: string[];
}

type Deps = Pick<Platform, 'events' | 'database' | 'cache' | 'clock' | 'jobs'>;

function validate(input: CollectionInput): void {
  if (!HANDLE_PATTERN.test(input.handle) || input.handle.length > 255) {
    throw new CollectionInputError(`handle "${input.handle}" must be lower-case letters, digits and single hyphens`);
  }
  if (RESERVED_COLLECTION_HANDLES.includes(input.handle)) throw new CollectionInputError(`handle "${input.handle}" is reserved`);
  if (!input.title.trim()) throw new CollectionInputError('title is missing');
  if (!COLLECTION_SORTS.includes(input.sortOrder)) throw new CollectionInputError('unknown sort order');
  if (!Number.isInteger(input.position)) throw new CollectionInputError('position must be a whole number');
  if (input.kind === 'rule') {
    const rules = input.rules;
    if (!rules || rules.conditions.length === 0) throw new CollectionInputError('a rule-based collection needs at least one condition');
    if (rules.conditions.length > MAX_CONDITIONS) throw new CollectionInputError(`a collection has at most ${MAX_CONDITIONS} conditions`);
    if (rules.match !== 'all' && rules.match !== 'any') throw new CollectionInputError('match must be all or any');
    for (const condition of rules.conditions) {
      if (!RULE_FIELDS.includes(condition.field) || !RULE_OPERATORS.includes(condition.operator) || !condition.value.trim()) {
        throw new CollectionInputError('each condition needs a field, an operator and a value');
      }
    }
  } else if (input.productIds.length > MAX_MANUAL_PRODUCTS) {
    throw new CollectionInputError(`a manual collection holds at most ${MAX_MANUAL_PRODUCTS} products`);
  }
}

/** Creates (id null) or replaces a collection and its membership; returns its id. */
export async function saveCollection(deps: Deps, tx: Db, id: string | null, input: CollectionInput, actor: string): Promise<string> {
  validate(input);
  const now = deps.clock.now();
  const row = {
    handle: input.handle,
    title: input.title.trim(),
    description: input.description.trim(),
    kind: input.kind,
    rules: input.kind === 'rule' ? input.rules : null,
    sortOrder: input.sortOrder,
    featured: input.featured,
    position: input.position,
    status: input.status,
  };
  const collectionId = id ?? newId();
  if (id) {
    // Never the same timestamp twice, so a form opened before this save always notices it.
    const updatedAt = sql`greatest(${now.toISOString()}::timestamptz, ${collections.updatedAt} + interval '1 millisecond')`;
    const updated = await tx.update(collections).set({ ...row, updatedAt }).where(eq(collections.id, id)).returning({ id: collections.id });
    if (updated.length === 0) throw new CollectionInputError('the collection no longer exists');
  } else {
    await tx.insert(collections).values({ id: collectionId, ...row, createdAt: now, updatedAt: now });
  }
  if (input.kind === 'rule') {
    await tx.delete(collectionProducts).where(and(eq(collectionProducts.collectionId, collectionId), ne(collectionProducts.source, 'rule')));
    await refreshCollectionMembership(tx, collectionId);
  } else {
    await replaceManualProducts(tx, collectionId, input.productIds);
  }
  await deps.events.publish(tx, collectionChanged, { collectionId }, actor);
  await catalogChanged(deps, tx);
  return collectionId;
}

async function replaceManualProducts(tx: Db, collectionId: string, productIds: readonly string[]): Promise<void> {
  const ids = [...new Set(productIds)];
  await tx
    .delete(collectionProducts)
    .where(
      ids.length
        ? and(eq(collectionProducts.collectionId, collectionId), sql`(${collectionProducts.source} <> 'manual' or ${notInArray(collectionProducts.productId, ids)})`)
        : eq(collectionProducts.collectionId, collectionId),
    );
  if (ids.length === 0) return;
  await tx
    .insert(collectionProducts)
    .values(ids.map((productId, position) => ({ collectionId, productId, position, source: 'manual' as const })))
    .onConflictDoUpdate({ target: [collectionProducts.collectionId, collectionProducts.productId], set: { position: sql`excluded.position` } });
}

/** Deletes a collection; its products stay. Returns false when it did not exist. */
export async function deleteCollection(deps: Deps, tx: Db, id: string, actor: string): Promise<boolean> {
  const deleted = await tx.delete(collections).where(eq(collections.id, id)).returning({ id: collections.id });
  if (deleted.length === 0) return false;
  await deps.events.publish(tx, collectionChanged, { collectionId: id }, actor);
  await catalogChanged(deps, tx);
  return true;
}
