// "Did you mean …?": for a query that found nothing, each word the catalogue does not know
// is replaced by the most similar word (pg_trgm similarity) of the active products' names,
// tags, types and vendors. The vocabulary is read from products.search_text, which is
// already folded (lower case, unaccented), so a suggestion is a plain word a shopper types.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { products } from '../schema.ts';
import type { MatchedTerm } from './match.ts';
import type { SearchTerm } from './terms.ts';

/** Looser than the typo threshold: a suggestion is only offered, never applied. */
const SUGGESTION_THRESHOLD = 0.3;

/** The closest vocabulary word for each given word that has one. */
export async function closestWords(db: Db, words: string[]): Promise<Map<string, string>> {
  if (words.length === 0) return new Map();
  const found = await rows<{ typed: string; closest: string | null }>(
    db,
    sql`with vocabulary as materialized (
          select distinct w as word
          from ${products}, regexp_split_to_table(${products.searchText}, '[[:space:][:punct:]]+') as w
          where ${products.status} = 'active' and length(w) >= 3
        )
        select t.typed, (
          select v.word from vocabulary v
          where v.word <> t.typed and similarity(v.word, t.typed) >= ${SUGGESTION_THRESHOLD}
          order by similarity(v.word, t.typed) desc, length(v.word), v.word
          limit 1
        ) as closest
        from (values ${sql.join(words.map((word) => sql`(${word}::text)`), sql`, `)}) as t(typed)`,
  );
  return new Map(found.flatMap((row) => (row.closest ? [[row.typed, row.closest] as const] : [])));
}

/**
 * The query with every word that matched nothing exactly replaced by its closest known word,
 * or null when no word could be corrected.
 */
export async function correctedQuery(db: Db, words: SearchTerm[], matched: MatchedTerm[]): Promise<string | null> {
  const exact = new Set(matched.filter((t) => t.match === 'text').map((t) => t.word));
  const unknown = matched.filter((t) => t.match !== 'text').map((t) => t.word);
  const closest = await closestWords(db, unknown);
  if (closest.size === 0) return null;
  return words.map(({ word }) => (exact.has(word) ? word : (closest.get(word) ?? word))).join(' ');
}
