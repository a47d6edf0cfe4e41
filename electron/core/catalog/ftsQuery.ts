// Whatever a person types becomes a safe FTS5 expression: only word tokens survive, each quoted, so quotes,
// `*`, `-`, OR, NEAR, parentheses and emoji can never reach FTS5's query syntax or raise an error.
import { cjkSpaced, cjkWords } from '../language/cjk';

const MAX_TOKENS = 32;
const MAX_TOKEN_LENGTH = 64;

export function searchTokens(text: string): string[] {
  const words = (text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).flatMap(cjkWords);
  return words.slice(0, MAX_TOKENS).map((word) => word.slice(0, MAX_TOKEN_LENGTH).toLowerCase());
}

/** All words must match; the last one may be a prefix (search as you type). Null when nothing is searchable. */
export function toFtsQuery(text: string, mode: 'all' | 'any' = 'all'): string | null {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return null;
  const quoted = tokens.map((token, i) =>
    i === tokens.length - 1 ? `"${cjkSpaced(token)}"*` : `"${cjkSpaced(token)}"`,
  );
  return quoted.join(mode === 'all' ? ' ' : ' OR ');
}
