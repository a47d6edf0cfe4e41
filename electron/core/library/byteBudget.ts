/**
 * Bytes held at once by the photos in flight. Ingest keeps many small photos in flight, so that the worker
 * and the thread pool always have one at hand while the main thread commits a batch; a count alone would
 * then also let as many 16 MB originals be held at once. Each photo takes its file's size before it is
 * read and gives it back once its bytes are dropped; a file larger than the whole budget takes all of it,
 * so it runs alone rather than never. Takers are served in the order they asked: a large file is not
 * starved by a stream of small ones.
 */
export class ByteBudget {
  readonly #limit: number;
  #free: number;
  readonly #waiting: Array<{ bytes: number; grant: () => void }> = [];

  constructor(limit: number) {
    if (!(limit > 0)) throw new Error(`a byte budget needs a positive limit, not ${limit}`);
    this.#limit = limit;
    this.#free = limit;
  }

  /** Bytes not taken now. */
  get free(): number {
    return this.#free;
  }

  /** Resolves once `bytes` (at most the limit) are taken, with the function that gives them back (once). */
  async take(bytes: number): Promise<() => void> {
    const wanted = Math.min(this.#limit, Math.max(0, bytes));
    if (this.#waiting.length > 0 || this.#free < wanted)
      await new Promise<void>((grant) => this.#waiting.push({ bytes: wanted, grant }));
    else this.#free -= wanted;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#free += wanted;
      this.#grantWaiting();
    };
  }

  #grantWaiting(): void {
    for (let next = this.#waiting[0]; next && next.bytes <= this.#free; next = this.#waiting[0]) {
      this.#waiting.shift();
      this.#free -= next.bytes;
      next.grant();
    }
  }
}
