// The domain events the catalog emits. Payloads carry ids only.
import { defineEvent } from '../../platform/events/events.ts';

/** A product was created or changed (title, price, variants, images, status…). */
export const productChanged = defineEvent<{ productId: string; created: boolean }>('catalog.product_changed');

/** A collection was created, changed (title, rules, products…) or deleted. */
export const collectionChanged = defineEvent<{ collectionId: string }>('catalog.collection_changed');

/** Cache tag of everything rendered from catalogue data (pages, fragments, feeds). */
export const CATALOG_CACHE_TAG = 'catalog';
