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

const LOAD_PAGE = 5_000;
/** Words of the code the first pass compares (a quarter): a coarse cut that the whole code then refines. */
const FIRST_PASS_WORDS = 4;
/** Photos the whole code compares, of those nearest by the first quarter. */
const FIRST_PASS = 4_000;
/** Codes ranked by their full vectors: enough that sign noise rarely pushes a true neighbour out. */
const SECOND_PASS = 300;

export class MeaningIndex {
  #ids = new Int32Array(1024);
  #codes = new Uint32Array(1024 * CODE_WORDS);
  #count = 0;
  readonly #slotOf = new Map<number, number>();

  #loadedAfter = 0;
  #loaded = false;

  /** Reads the next page of stored codes; false once all are in. A search meanwhile sees those read. */
  loadPage(db: Database, encoder: string): boolean {
    if (this.#loaded) return false;
    const rows = codesAfter(db, encoder, this.#loadedAfter, LOAD_PAGE);
    for (const row of rows) this.add(row.photo_id, codeOf(row.code));
    if (rows.length > 0) this.#loadedAfter = rows.at(-1)!.photo_id;
    this.#loaded = rows.length < LOAD_PAGE;
    return !this.#loaded;
  }

  get loaded(): boolean {
    return this.#loaded;
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
    const coarse =
      this.#count > FIRST_PASS ? this.#nearestSlots(queryCode, FIRST_PASS_WORDS, FIRST_PASS) : null;
    const slots = this.#nearestSlots(queryCode, CODE_WORDS, Math.max(SECOND_PASS, limit), coarse);
    const candidates = slots.map((slot) => this.#ids[slot]!);
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

  /**
   * About `wanted` slots (of `among`, or of all) nearest the query by the first `words` words of the code:
   * a histogram of distances finds the cut in one pass, with no sort.
   */
  #nearestSlots(query: Uint32Array, words: number, wanted: number, among: number[] | null = null): number[] {
    const count = among ? among.length : this.#count;
    const distances = new Uint16Array(count);
    const histogram = new Uint32Array(words * 32 + 1);
    for (let i = 0; i < count; i++) {
      const slot = among ? among[i]! : i;
      const distance = codeDistance(this.#codes, slot * CODE_WORDS, query, words);
      distances[i] = distance;
      histogram[distance]!++;
    }
    let within = 0;
    for (let seen = 0; within < words * 32 && seen + histogram[within]! < wanted;)
      seen += histogram[within++]!;
    const slots: number[] = [];
    // Ties at the cut are taken up to twice the number wanted, newest photos last, as they come.
    for (let i = 0; i < count && slots.length < wanted * 2; i++) {
      if (distances[i]! <= within) slots.push(among ? among[i]! : i);
    }
    return slots;
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
