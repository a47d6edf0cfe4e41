// Chinese and Japanese write words without spaces between them, and Korean joins particles to its words, so
// FTS5's unicode61 tokenizer would index a whole clause as one token and a word inside it would never be
// found. Their characters are therefore indexed one by one (a space after each), and a CJK word in a query
// is searched as the phrase of its characters: it matches wherever those characters stand together, which
// needs no dictionary at index time and cannot disagree with how the query was cut into words.
/** Han, kana and Hangul letters, and the kana's long-vowel mark (ー), which Unicode files as common. */
const CJK = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30fc`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const CJK_CHARS = new RegExp(`[${CJK}]`, 'gu');
/** Runs of CJK characters and runs of anything else, in turn. */
export const CJK_OR_NOT = new RegExp(`[${CJK}]+|[^${CJK}]+`, 'gu');

export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** The text as the index stores it: every CJK character a word of its own, everything else as it was. */
export function cjkSpaced(text: string): string {
  return hasCjk(text) ? text.replace(CJK_CHARS, ' $& ').replace(/ {2,}/g, ' ').trim() : text;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * A query's run of CJK text cut into words by the platform's dictionary (ICU), so "公园里的狗" asks for
 * 公园, 里, 的 and 狗 rather than for that exact clause. Text without CJK comes back as it was.
 */
export function cjkWords(token: string): string[] {
  if (!hasCjk(token)) return [token];
  return [...segmenter.segment(token)].filter((part) => part.isWordLike).map((part) => part.segment);
}
