// Saving the collection form in one transaction: refuse a form opened before someone else
// saved, refuse a handle another collection has, resolve the products to add, then save
// through the catalog's collection writer. A refusal writes nothing.
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../../../platform/db/database.ts';
import type { Platform } from '../../../../platform/platform.ts';
import { FormErrors } from '../../../../web/forms/form-errors.ts';
import { CollectionInputError, deleteCollection, saveCollection } from '../../collections/write.ts';
import { collections } from '../../schema.ts';
import { isUniqueViolation } from '../../../../platform/db/errors.ts';
import { suggestHandle } from '../handles.ts';
import { collectionForm, namesToAdd, validateCollectionForm, type CollectionForm } from './form.ts';
import { collectionMembers, collectionRow, productsByHandleOrSku, productsByIds } from './read.ts';

export type CollectionSaveOutcome =
  | { kind: 'saved'; collectionId: string; created: boolean }
  | { kind: 'invalid'; form: CollectionForm; errors: FormErrors }
  | { kind: 'conflict'; form: CollectionForm }
  | { kind: 'missing' };

export const STALE_COLLECTION_MESSAGE = 'This collection was changed by someone else since you opened it';

/** The stored collection as the form shows it. */
export async function loadCollectionForm(db: Db, id: string) {
  const row = await collectionRow(db, id);
  if (!row) return null;
  const { members } = await collectionMembers(db, id);
  return { row, form: collectionForm(row, members.map((m) => m.id)) };
}

async function locked(tx: Db, id: string) {
  const [row] = await tx.select({ id: collections.id }).from(collections).where(eq(collections.id, id)).for('update');
  return row ? loadCollectionForm(tx, id) : null;
}

export async function saveCollectionForm(platform: Platform, id: string | null, submitted: CollectionForm, actor: string): Promise<CollectionSaveOutcome> {
  const form: CollectionForm = { ...submitted, handle: submitted.handle.trim() || suggestHandle(submitted.title) };
  try {
    return await platform.database.transaction(async (tx): Promise<CollectionSaveOutcome> => {
      const stored = id ? await locked(tx, id) : null;
      if (id && !stored) return { kind: 'missing' };
      if (stored && stored.row.updatedAt.toISOString() !== form.updatedAt) return { kind: 'conflict', form: stored.form };

      const { value, errors } = validateCollectionForm(form);
      const handle = form.handle.trim();
      if (handle && !errors.for('handle') && (await handleTaken(tx, handle, id))) {
        errors.add('handle', 'Another collection already has this handle. Choose a different one so that its links keep working.', 'Handle');
      }
      const additions = form.kind === 'manual' && !errors.for('add') ? await productsToAdd(tx, form, errors) : [];
      if (!value || !errors.empty) return { kind: 'invalid', form, errors };
      if (value.kind === 'manual') {
        // Members deleted meanwhile drop out; additions join at the end.
        const existing = await productsByIds(tx, value.productIds);
        value.productIds = [...value.productIds.filter((p) => existing.has(p)), ...additions];
      }
      const collectionId = await saveCollection(platform, tx, id, value, actor);
      return { kind: 'saved', collectionId, created: !id };
    });
  } catch (error) {
    if (!(error instanceof CollectionInputError) && !isUniqueViolation(error)) throw error;
    const errors = new FormErrors();
    errors.add(
      undefined,
      error instanceof CollectionInputError ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : 'Another collection was saved with the same handle at the same moment. Please check it and save again.',
    );
    return { kind: 'invalid', form, errors };
  }
}

async function handleTaken(tx: Db, handle: string, ownId: string | null): Promise<boolean> {
  const [holder] = await tx
    .select({ id: collections.id })
    .from(collections)
    .where(ownId ? and(eq(collections.handle, handle), ne(collections.id, ownId)) : eq(collections.handle, handle));
  return holder !== undefined;
}

/** The ids of the products named in the "add products" box; an unknown name is an error. */
async function productsToAdd(tx: Db, form: CollectionForm, errors: FormErrors): Promise<string[]> {
  const names = namesToAdd(form);
  const found = await productsByHandleOrSku(tx, names);
  const unknown = names.filter((name) => !found.has(name));
  if (unknown.length) errors.add('add', `No product has the handle or SKU ${unknown.map((n) => `“${n}”`).join(', ')}.`, 'Add products');
  return [...found.values()].map((p) => p.id);
}

export async function deleteCollectionById(platform: Platform, id: string, actor: string): Promise<boolean> {
  return platform.database.transaction((tx) => deleteCollection(platform, tx, id, actor));
}
