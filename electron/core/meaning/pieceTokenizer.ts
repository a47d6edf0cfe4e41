// The sentence encoder reads ids of SentencePiece pieces (a unigram model: each piece has a log-probability),
// and a sentence is cut into the pieces whose scores sum highest. This follows the reference tokenizer the
// model was published with (TensorFlow.js's universal-sentence-encoder): the same normalisation, the same
// piece for an unknown character (id 0, one for a run of them), the same choice between equal cuts, so the
// model sees the ids it was trained on.

/** Marks a word's start inside a piece ("▁dog"). */
const WORD_START = '\u2581';
const UNKNOWN = 0;
/** `<unk>`, `<s>`, `</s>` and three spare ids come first and are never pieces of text. */
const RESERVED = 6;

interface Piece {
  id: number;
  score: number;
  length: number;
}

export type Vocabulary = ReadonlyArray<readonly [piece: string, score: number]>;

export class PieceTokenizer {
  /** Pieces by their first character, for the cuts that may start at a position. */
  readonly #byFirst = new Map<string, Array<{ symbols: string[]; piece: Piece }>>();
  readonly #lengths: number[];

  constructor(vocabulary: Vocabulary) {
    this.#lengths = vocabulary.map(([piece]) => [...piece].length);
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [text, score] = vocabulary[id]!;
      const symbols = [...text];
      const list = this.#byFirst.get(symbols[0]!) ?? [];
      list.push({ symbols, piece: { id, score, length: symbols.length } });
      this.#byFirst.set(symbols[0]!, list);
    }
  }

  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = [...(WORD_START + normalized.replace(/ /g, WORD_START))];
    // best[end]: the highest score of a cut of symbols[0, end); 0 means "none yet", as in the reference.
    const best = new Array<number>(symbols.length + 1).fill(0);
    const chosen = new Array<number>(symbols.length + 1).fill(UNKNOWN);
    const endingAt: Array<Array<{ start: number; piece: Piece }>> = symbols.map(() => []);
    endingAt.push([]);
    for (let start = 0; start < symbols.length; start++) {
      let found = false;
      for (const candidate of this.#byFirst.get(symbols[start]!) ?? []) {
        if (!matchesAt(symbols, start, candidate.symbols)) continue;
        endingAt[start + candidate.piece.length]!.push({ start, piece: candidate.piece });
        found = true;
      }
      if (!found) endingAt[start + 1]!.push({ start, piece: { id: UNKNOWN, score: 0, length: 1 } });
    }
    for (let end = 0; end <= symbols.length; end++) {
      // Cuts are weighed by start position, nearest the start of the text first, as the reference does.
      const cuts = [...endingAt[end]!].sort((a, b) => a.start - b.start);
      for (const { start, piece } of cuts) {
        const score = piece.score + best[start]!;
        if (best[end] === 0 || score >= best[end]!) {
          best[end] = score;
          chosen[end] = piece.id;
        }
      }
    }
    const ids: number[] = [];
    for (let end = symbols.length; end > 0;) {
      const id = chosen[end]!;
      ids.push(id);
      end -= id === UNKNOWN ? 1 : this.#lengths[id]!;
    }
    ids.reverse();
    return ids.filter((id, i) => !(id === UNKNOWN && ids[i - 1] === UNKNOWN));
  }
}

function matchesAt(symbols: string[], start: number, piece: string[]): boolean {
  if (start + piece.length > symbols.length) return false;
  for (let i = 0; i < piece.length; i++) if (symbols[start + i] !== piece[i]) return false;
  return true;
}
