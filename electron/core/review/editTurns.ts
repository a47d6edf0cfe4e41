// The order edits take. Vocabulary changes and undos run one after another: each may go on over many turns
// of the event loop, and an undo must find the edit before it complete. A single edit of a tag that such a
// change is working on waits behind it too: made in between, the rows it saves for undo would overlap the
// change's, and undoing both could bring a tag back. Edits of other tags, and of captions, go at once.

/** Tags compare as the edit log groups them. */
const key = (tag: string) => tag.toLowerCase();

export interface EditTurns {
  /** Runs `work` after every change before it; `tags` are the ones it changes, or 'all' when not known up front. */
  change<T>(tags: readonly string[] | 'all', work: () => Promise<T>): Promise<T>;
  /** Runs a single edit of `tags` at once, or after the queued changes when one of them is theirs. */
  edit<T>(tags: Iterable<string>, work: () => T): Promise<T>;
  /** Resolves when every change queued so far has ended. */
  settled(): Promise<unknown>;
}

export function createEditTurns(): EditTurns {
  let serial: Promise<unknown> = Promise.resolve();
  const queuedOn = new Map<string, number>();
  let queuedOnAll = 0;

  function mark(tags: readonly string[] | 'all', by: 1 | -1): void {
    if (tags === 'all') {
      queuedOnAll += by;
      return;
    }
    for (const tag of new Set(tags.map(key))) {
      const n = (queuedOn.get(tag) ?? 0) + by;
      if (n === 0) queuedOn.delete(tag);
      else queuedOn.set(tag, n);
    }
  }

  function change<T>(tags: readonly string[] | 'all', work: () => Promise<T>): Promise<T> {
    mark(tags, 1);
    const run = serial.then(work, work).finally(() => mark(tags, -1));
    serial = run.catch(() => undefined);
    return run;
  }

  async function edit<T>(tags: Iterable<string>, work: () => T): Promise<T> {
    const list = [...tags];
    const waits = queuedOnAll > 0 || list.some((tag) => queuedOn.has(key(tag)));
    // Queued itself, so a later edit of the same tag cannot overtake it.
    return waits ? change(list, async () => work()) : work();
  }

  return { change, edit, settled: () => serial };
}
