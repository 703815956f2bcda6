// Turning what a shopper typed into search terms. User input never reaches to_tsquery's
// syntax: it is folded (case, accents) and cut into words of letters and digits here, and
// the query text is assembled only from those words.

/** Longer input is cut (the page) or refused (the API). */
export const MAX_QUERY_LENGTH = 200;
export const MAX_TERMS = 10;
export const MAX_TERM_LENGTH = 40;

// Letters that Unicode does not decompose but PostgreSQL's unaccent folds; the search
// document went through unaccent, so the query must fold the same way.
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const EXTRA_FOLD_PATTERN = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'gu');
const WORD = /^[\p{L}\p{N}]+$/u;

export interface SearchTerm {
  /** Folded letters and digits only: safe inside a quoted to_tsquery operand. */
  word: string;
  /** The last word of the query is matched as a prefix ("shir" finds "shirt"). */
  prefix: boolean;
}

/** Letters and digits only: a word that can be quoted into a tsquery as it is. */
export function isSearchWord(word: string): boolean {
  return WORD.test(word);
}

/** Lower case, accents removed: "Crème Brûlée" → "creme brulee". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(EXTRA_FOLD_PATTERN, (c) => EXTRA_FOLDS[c] ?? c);
}

/** The query as it is searched for: at most MAX_QUERY_LENGTH characters, whitespace collapsed. */
export function boundedQuery(raw: string): string {
  return [...raw].slice(0, MAX_QUERY_LENGTH).join('').replace(/\s+/gu, ' ').trim();
}

/** The distinct words of a query, in order, bounded in number and length. */
export function searchTerms(query: string): SearchTerm[] {
  const words: string[] = [];
  for (const piece of foldText(boundedQuery(query)).split(/[^\p{L}\p{N}]+/u)) {
    // Code points, not UTF-16 units: a cut must not split a character in two.
    const word = [...piece].slice(0, MAX_TERM_LENGTH).join('');
    if (WORD.test(word) && !words.includes(word)) words.push(word);
    if (words.length === MAX_TERMS) break;
  }
  return words.map((word, i) => ({ word, prefix: i === words.length - 1 }));
}

/** The to_tsquery operand of one term: quoted (the word has no quote to escape), ":*" for a prefix. */
export function tsqueryOperand(term: SearchTerm): string {
  if (!isSearchWord(term.word)) throw new Error('search terms are letters and digits only');
  return `'${term.word}'${term.prefix ? ':*' : ''}`;
}
