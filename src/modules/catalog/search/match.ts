// How a query matches and ranks products. Every word must match (AND): by full text
// (products.search_document, stemmed, title A > tags/type/vendor B > body C) when the word
// is known to the catalogue at all, otherwise by trigram word similarity against
// products.search_text (typo tolerance: "braclet" → bracelet). Deciding per word keeps
// fuzzy matching away from words that are spelled right ("shirt" never finds "short").
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../../platform/db/database.ts';
import { products } from '../schema.ts';
import { tsqueryOperand, type SearchTerm } from './terms.ts';

/** pg_trgm word similarity a misspelt word needs ("neckalce" ~ necklace is 0.44). */
export const TYPO_THRESHOLD = 0.4;
/** Shorter words are too ambiguous to match fuzzily. */
const MIN_FUZZY_LENGTH = 3;

export type TermMatch = 'text' | 'fuzzy' | 'none';

export interface MatchedTerm extends SearchTerm {
  /** text: full text; fuzzy: trigram; none: no active product has anything like it. */
  match: TermMatch;
}

export interface MatchPlan {
  /** The query's words, stop words ("the", "and") left out. */
  terms: MatchedTerm[];
  /** Predicate on `products`. */
  where: SQL;
  /** Relevance on `products`, higher first. */
  rank: SQL;
  /** The predicate uses the `<%` operator: run it with the typo threshold set. */
  fuzzy: boolean;
}

const tsquery = (operands: string[]) => sql`to_tsquery('english', ${operands.join(' | ')})`;
const document = sql`${products.searchDocument}`;
const foldedTitle = sql`lower(doorstep_unaccent(${products.title}))`;

/**
 * Classifies each word (stop word, known to the full-text index, or not) and builds the
 * predicate and rank. Null when nothing searchable is left (empty input, only stop words).
 */
export async function matchPlan(db: Db, words: SearchTerm[]): Promise<MatchPlan | null> {
  if (words.length === 0) return null;
  const found = await rows<{ i: number; known: boolean | null }>(
    db,
    sql`select t.i, case when numnode(t.q) = 0 then null
          else exists (select 1 from ${products} where ${products.status} = 'active' and ${document} @@ t.q) end as known
        from (values ${sql.join(
          words.map((word, i) => sql`(${i}::int, ${tsquery([tsqueryOperand(word)])})`),
          sql`, `,
        )}) as t(i, q)`,
  );
  const known = new Map(found.map((row) => [Number(row.i), row.known]));
  const terms: MatchedTerm[] = [];
  words.forEach((word, i) => {
    const k = known.get(i);
    if (k === null || k === undefined) return; // a stop word: the document does not hold those either
    const match: TermMatch = k ? 'text' : [...word.word].length >= MIN_FUZZY_LENGTH ? 'fuzzy' : 'none';
    terms.push({ ...word, match });
  });
  if (terms.length === 0) return null;
  const phrase = words.map((w) => w.word).join(' ');
  return { terms, where: predicate(terms), rank: rank(terms, phrase), fuzzy: terms.some((t) => t.match === 'fuzzy') };
}

function predicate(terms: MatchedTerm[]): SQL {
  return sql.join(
    terms.map((term) => {
      if (term.match === 'text') return sql`(${document} @@ ${tsquery([tsqueryOperand(term)])})`;
      if (term.match === 'fuzzy') return sql`(${term.word} <% ${products.searchText})`;
      return sql`false`;
    }),
    sql` and `,
  );
}

/**
 * Relevance, one number (the listing sorts by a single expression), built in bands so that
 * each part only breaks ties of the part before:
 * - 1000 when the title is exactly the query;
 * - 10 × the sum over words of where the word matched: title 3, tags/type/vendor 2, body 1,
 *   or for a misspelt word its trigram similarity to the name words plus that to the title
 *   (together < 2, below an exact tag match, and a title wins);
 * - 5 × the weighted full-text rank (ts_rank_cd, scaled into 0..1), e.g. a word found twice;
 * - the trigram similarity of the whole query to the product's name words (0..1).
 */
function rank(terms: MatchedTerm[], phrase: string): SQL {
  const tiers = terms.map((term) => {
    if (term.match === 'fuzzy') {
      return sql`(word_similarity(${term.word}, ${products.searchText}) + word_similarity(${term.word}, ${foldedTitle}))`;
    }
    if (term.match === 'none') return sql`0`;
    const q = tsquery([tsqueryOperand(term)]);
    return sql`case when ts_filter(${document}, '{a}') @@ ${q} then 3
      when ts_filter(${document}, '{b}') @@ ${q} then 2 else 1 end`;
  });
  const textOperands = terms.filter((t) => t.match === 'text').map(tsqueryOperand);
  const textRank = textOperands.length
    ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ${document}, ${tsquery(textOperands)}, 32)`
    : sql`0`;
  const title = sql`trim(regexp_replace(${foldedTitle}, '[[:space:][:punct:]]+', ' ', 'g'))`;
  return sql`((case when ${title} = ${phrase} then 1000 else 0 end)
    + 10 * (${sql.join(tiers, sql` + `)})
    + 5 * ${textRank}
    + word_similarity(${phrase}, ${products.searchText}))`;
}
