// Product suggestions for an email (the "opportunity" block).
import type { Db } from '../../../platform/db/database.ts';
import type { Platform } from '../../../platform/platform.ts';
import type { Suggestion } from '../compose/content.ts';

export interface SuggestionRequest {
  /** Normalised address: what it already bought or returned is never suggested. */
  recipient: string;
  /** The variants the email is about (an order's lines). */
  variantIds: readonly string[];
  limit: number;
}

export async function suggestionsFor(platform: Platform, db: Db, request: SuggestionRequest): Promise<Suggestion[]> {
  void platform;
  void db;
  void request;
  return [];
}
