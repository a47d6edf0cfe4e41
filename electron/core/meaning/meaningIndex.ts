// The photos nearest a query in meaning, without a vector index extension: every photo's 64-byte sign code
// is held in memory (13 MB at 200,000 photos) and compared in one pass, then only the closest few hundred
// are ranked by their full vectors, read from SQLite by id. A caption changed or a photo removed since its
// code was loaded has no vector row any more, so the second pass drops it.
import type { Database } from 'better-sqlite3';
import { codesAfter, vectorsOf } from '../stores/captionVectorsStore';
import { CODE_WORDS, codeDistance, cosine, signCode } from './vectorCodes';
import { DIMENSIONS } from './dimensions';

export interface Neighbour {
  id: number;
  similarity: number;
}

const LOAD_PAGE = 10_000;
/** Codes ranked by their full vectors: enough that sign noise rarely pushes a true neighbour out. */
const SECOND_PASS = 400;

export class MeaningIndex {
  #ids = new Int32Array(1024);
  #codes = new Uint32Array(1024 * CODE_WORDS);
  #count = 0;
  readonly #slotOf = new Map<number, number>();

  static load(db: Database, encoder: string): MeaningIndex {
    const index = new MeaningIndex();
    for (let after = 0; ;) {
      const rows = codesAfter(db, encoder, after, LOAD_PAGE);
      for (const row of rows) index.add(row.photo_id, codeOf(row.code));
      if (rows.length < LOAD_PAGE) return index;
      after = rows.at(-1)!.photo_id;
    }
  }

  get size(): number {
    return this.#count;
  }

  add(photoId: number, code: Uint32Array): void {
    let slot = this.#slotOf.get(photoId);
    if (slot === undefined) {
      slot = this.#count++;
      if (slot === this.#ids.length) this.#grow();
      this.#ids[slot] = photoId;
      this.#slotOf.set(photoId, slot);
    }
    this.#codes.set(code, slot * CODE_WORDS);
  }

  /** Up to `limit` photos, most similar first. */
  nearest(db: Database, query: Float32Array, limit: number): Neighbour[] {
    if (this.#count === 0) return [];
    const queryCode = signCode(query);
    const distances = new Uint16Array(this.#count);
    const histogram = new Uint32Array(DIMENSIONS + 1);
    for (let slot = 0; slot < this.#count; slot++) {
      const distance = codeDistance(this.#codes, slot * CODE_WORDS, queryCode);
      distances[slot] = distance;
      histogram[distance]!++;
    }
    const wanted = Math.max(SECOND_PASS, limit);
    let within = 0;
    let seen = 0;
    while (within < DIMENSIONS && seen + histogram[within]! < wanted) seen += histogram[within++]!;
    const candidates: number[] = [];
    for (let slot = 0; slot < this.#count && candidates.length < wanted * 2; slot++) {
      if (distances[slot]! <= within) candidates.push(this.#ids[slot]!);
    }
    const ranked = vectorsOf(db, candidates).map((row) => ({
      id: row.photo_id,
      similarity: cosine(
        query,
        new Int8Array(row.vector.buffer, row.vector.byteOffset, DIMENSIONS),
        row.scale,
      ),
    }));
    return ranked.sort((a, b) => b.similarity - a.similarity || b.id - a.id).slice(0, limit);
  }

  #grow(): void {
    const ids = new Int32Array(this.#ids.length * 2);
    ids.set(this.#ids);
    this.#ids = ids;
    const codes = new Uint32Array(this.#codes.length * 2);
    codes.set(this.#codes);
    this.#codes = codes;
  }
}

function codeOf(blob: Buffer): Uint32Array {
  // A copy: the blob's bytes need not be aligned for a Uint32Array view.
  const code = new Uint32Array(CODE_WORDS);
  new Uint8Array(code.buffer).set(blob.subarray(0, CODE_WORDS * 4));
  return code;
}
