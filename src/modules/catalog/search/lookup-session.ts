// The search's lookups (which words the catalogue holds, which words look like a typo) run
// in one read-only transaction with two local settings:
// - pg_trgm.word_similarity_threshold: what `%>` accepts;
// - enable_seqscan off: the planner prices a full-text or trigram match like an equality
//   and, for a word no product holds, scans every product to be sure; the GIN indexes
//   answer that at once, and a trigram match 5 to 100 times faster.
// Both are transaction-local (set_config's third argument): pooled connections are handed
// back as they were.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../../platform/db/database.ts';

export function lookupSession<T>(database: Database, trigramThreshold: number, fn: (tx: Db) => Promise<T>): Promise<T> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(trigramThreshold)}, true),
                                set_config('enable_seqscan', 'off', true)`);
    return fn(tx);
  });
}
