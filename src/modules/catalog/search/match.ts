// How a query matches and ranks products. Every word must match (AND), by full text
// (products.search_document, stemmed: title A > tags/type/vendor B > body C). A word no
// active product holds is taken for the catalogue's words that look like it (pg_trgm word
// similarity on the name words, see similar-words.ts): typo tolerance, "braclet" finds
// bracelets. Deciding per word keeps fuzzy matching away from words that are spelled right
// ("shirt" never finds "short"), and every predicate stays a full-text one the index serves.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Database, type Db } from '../../../platform/db/database.ts';
import { products } from '../schema.ts';
import { CANDIDATE_THRESHOLD, similarWords, type SimilarWord } from './similar-words.ts';
import { isSearchWord, tsqueryOperand, type SearchTerm } from './terms.ts';
import { lookupSession } from './lookup-session.ts';

/** Word similarity a misspelt word needs to a known word ("neckalce" ~ necklace is 0.44). */
export const TYPO_THRESHOLD = 0.4;
/** Similarity a known word needs to be offered as "did you mean" (it is only offered). */
const SUGGESTION_THRESHOLD = 0.3;
/** Known words a misspelt word may stand for ("braclet": bracelet, bracelets). */
const MAX_CORRECTIONS = 3;
/** Shorter words are too ambiguous to correct. */
const MIN_TYPO_LENGTH = 3;

export interface MatchedTerm extends SearchTerm {
  /** text: some active product holds the word; typo: matched through similar known words; none: nothing like it. */
  match: 'text' | 'typo' | 'none';
  /** For a typo, the known words it is taken for. */
  corrections: SimilarWord[];
  /** For a word the catalogue does not hold, the closest word it does ("did you mean"). */
  closest: string | null;
}

export interface MatchPlan {
  /** The query's words, stop words ("the", "and") left out. */
  terms: MatchedTerm[];
  /** Predicate on `products`. */
  where: SQL;
  /** Relevance on `products`, higher first. */
  rank: SQL;
}

/** Operands joined by OR (any word) or AND (every word). */
const tsquery = (operands: string[], join: '|' | '&' = '|') => sql`to_tsquery('english', ${operands.join(` ${join} `)})`;
const document = sql`${products.searchDocument}`;
/** The operands a term matches: itself, for a typo the words it is taken for, else none. */
function operandsOf(term: MatchedTerm): string[] {
  if (term.match === 'text') return [tsqueryOperand(term)];
  return term.corrections.map((c) => tsqueryOperand({ word: c.word, prefix: false }));
}

/** Whether some active product holds each word: null for a stop word (no lexeme at all). */
async function knownWords(tx: Db, words: SearchTerm[]): Promise<(SearchTerm & { known: boolean | null })[]> {
  const found = await rows<{ i: number; known: boolean | null }>(
    tx,
    sql`select t.i, case when numnode(t.q) = 0 then null
          else exists (select 1 from ${products} where ${products.status} = 'active' and ${document} @@ t.q) end as known
        from (values ${sql.join(
          words.map((word, i) => sql`(${i}::int, ${tsquery([tsqueryOperand(word)])})`),
          sql`, `,
        )}) as t(i, q)`,
  );
  const known = new Map(found.map((row) => [Number(row.i), row.known]));
  return words.map((word, i) => ({ ...word, known: known.get(i) ?? null }));
}

/**
 * Classifies each word (stop word, held by some active product, or not), looks up similar
 * words for the others, and builds the predicate and rank. Null when nothing searchable is
 * left (empty input, only stop words).
 */
export async function matchPlan(database: Database, words: SearchTerm[]): Promise<MatchPlan | null> {
  if (words.length === 0) return null;
  const classified = await lookupSession(database, CANDIDATE_THRESHOLD, async (tx) => {
    const known = await knownWords(tx, words);
    const unknown = known.filter((w) => w.known === false && [...w.word].length >= MIN_TYPO_LENGTH).map((w) => w.word);
    return { known, similar: await similarWords(tx, unknown) };
  });
  // A stop word (known: null) is left out: the document does not hold those either.
  const meaningful = classified.known.filter((w) => w.known !== null);
  if (meaningful.length === 0) return null;
  const terms = meaningful.map(({ known, ...word }): MatchedTerm => {
    if (known) return { ...word, match: 'text', corrections: [], closest: null };
    const candidates = (classified.similar.get(word.word) ?? []).filter((c) => isSearchWord(c.word));
    const corrections = candidates
      .filter((c) => c.wordSimilarity >= TYPO_THRESHOLD)
      .sort((a, b) => b.wordSimilarity - a.wordSimilarity || b.similarity - a.similarity)
      .slice(0, MAX_CORRECTIONS);
    const closest = candidates.find((c) => c.similarity >= SUGGESTION_THRESHOLD)?.word ?? null;
    return { ...word, match: corrections.length ? 'typo' : 'none', corrections, closest };
  });
  const phrase = words.map((w) => w.word).join(' ');
  return { terms, where: predicate(terms), rank: rank(terms, phrase) };
}

function predicate(terms: MatchedTerm[]): SQL {
  return sql.join(
    terms.map((term) => {
      const operands = operandsOf(term);
      return operands.length ? sql`(${document} @@ ${tsquery(operands)})` : sql`false`;
    }),
    sql` and `,
  );
}

/** Where a word is found: title 3, tags/type/vendor 2, description 1, else 0. */
function fieldTier(operands: string[]): SQL {
  const q = tsquery(operands);
  return sql`case when ts_filter(${document}, '{a}') @@ ${q} then 3 when ts_filter(${document}, '{b}') @@ ${q} then 2
    when ${document} @@ ${q} then 1 else 0 end`;
}

/**
 * Relevance, one number (the listing sorts by a single expression), built in bands so that
 * each part only breaks ties of the part before:
 * - 1000 when the title is exactly the query: its words are the query's words, no more
 *   (compared as lexemes, so case, accents, plurals and word order do not matter);
 * - 10 × the sum over words of where the word was found: title 3, tags/type/vendor 2,
 *   description 1; a misspelt word counts where its best correction was found times that
 *   correction's trigram similarity (below 1), so exact words outrank corrected ones;
 * - 5 × the weighted full-text rank (ts_rank_cd, scaled into 0..1), e.g. a word found twice;
 * - the trigram similarity of the query to the product's name words (0..1): the closer and
 *   more concise name first.
 * Every part is cheap per row (no regular expressions, no unaccent): a broad query ranks
 * thousands of rows.
 */
function rank(terms: MatchedTerm[], phrase: string): SQL {
  const tiers = terms.map((term) => {
    if (term.match === 'text') return fieldTier(operandsOf(term));
    if (term.match === 'none') return sql`0`;
    return sql`greatest(${sql.join(
      term.corrections.map((c) => sql`${fieldTier([tsqueryOperand({ word: c.word, prefix: false })])} * ${c.wordSimilarity}::float8`),
      sql`, `,
    )})`;
  });
  const operands = terms.flatMap(operandsOf);
  const textOperands = terms.filter((t) => t.match === 'text').map(tsqueryOperand);
  const title = sql`ts_filter(${document}, '{a}')`;
  const exactTitle =
    textOperands.length === terms.length
      ? sql`case when length(${title}) = ${textOperands.length} and ${title} @@ ${tsquery(textOperands, '&')} then 1000 else 0 end`
      : sql`0`;
  const textRank = operands.length ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ${document}, ${tsquery(operands)}, 32)` : sql`0`;
  return sql`(${exactTitle} + 10 * (${sql.join(tiers, sql` + `)}) + 5 * ${textRank} + similarity(${products.searchText}, ${phrase}))`;
}
