// Words of the catalogue that look like a word the shopper typed, by pg_trgm similarity:
// the basis of typo tolerance ("braclet" → bracelet) and of "did you mean". Candidate
// products are those whose name words (products.search_text: title, tags, type, vendor,
// folded) are similar enough to the typed word (`%>`, served by the trigram index); their
// words are then compared one by one. A word's similarity to one of the text's words is
// never above its similarity to the text, so the index step misses no candidate.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { products } from '../schema.ts';

/** The loosest similarity any caller uses ("did you mean"); typo matching asks for more. */
export const CANDIDATE_THRESHOLD = 0.3;
const CANDIDATES_PER_WORD = 5;

export interface SimilarWord {
  word: string;
  /** pg_trgm word_similarity(typed, word): how much of the typed word the word holds. */
  wordSimilarity: number;
  /** pg_trgm similarity(typed, word): both ways, so a much longer word scores less. */
  similarity: number;
}

/**
 * For each typed word, the closest words of active products, closest first. Run inside
 * `lookupSession(…, CANDIDATE_THRESHOLD, …)` (lookup-session.ts): `%>` reads its threshold from there.
 */
export async function similarWords(tx: Db, typed: readonly string[]): Promise<Map<string, SimilarWord[]>> {
  const result = new Map<string, SimilarWord[]>(typed.map((word) => [word, []]));
  if (typed.length === 0) return result;
  const found = await rows<{ typed: string; word: string; word_similarity: number; similarity: number }>(
    tx,
    sql`select t.typed, c.word, c.word_similarity, c.similarity
          from (values ${sql.join(typed.map((word) => sql`(${word}::text)`), sql`, `)}) as t(typed)
          cross join lateral (
            select v.word, word_similarity(t.typed, v.word) as word_similarity, similarity(t.typed, v.word) as similarity
            from (
              select distinct w as word
              -- The 'simple' configuration splits words like full text does and changes none.
              from ${products}, unnest(tsvector_to_array(to_tsvector('simple', ${products.searchText}))) as w
              where ${products.status} = 'active' and ${products.searchText} %> t.typed
                -- Numbers and short words are not typos of anything.
                and length(w) >= 3 and w !~ '^[0-9]+$' and w <> t.typed
            ) v
            where word_similarity(t.typed, v.word) >= ${CANDIDATE_THRESHOLD}
            order by similarity desc, word_similarity desc, v.word
            limit ${CANDIDATES_PER_WORD}
          ) c`,
  );
  for (const row of found) {
    result.get(row.typed)?.push({ word: row.word, wordSimilarity: Number(row.word_similarity), similarity: Number(row.similarity) });
  }
  return result;
}
