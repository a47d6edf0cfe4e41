// FTS5 merges its index's segments as it writes: with 'automerge' on, the commit that fills a level merges it
// there and then. Over a removal of 100,000 photos (one commit a batch, each a new segment) some of those
// commits held the thread for 80–120 ms of CPU. A long batched write pauses the automatic merging and does the
// same work itself, a bounded step in a turn of its own between two batches.
import type { Database } from 'better-sqlite3';
import { prepared, preparedValues } from '../db/prepared';

/** FTS5's own default. */
const AUTOMERGE_ON = 4;

/** Pages of merge work in one step: at most about 20 ms at 100,000 photos on the 2-core sandbox. */
const MERGE_STEP_PAGES = 64;

/** Writers that paused the merging, per catalogue: the last one to end turns it back on. */
const pausedBy = new WeakMap<Database, number>();

// FTS5 takes these settings as integers only, and a JS number binds as a real: written into the statement.
// The merging's setting is worth no failed removal or start: a write refused (a full disk) leaves it as it was.
function setAutomerge(db: Database, value: 0 | typeof AUTOMERGE_ON): void {
  try {
    prepared(db, `INSERT INTO photos_fts (photos_fts, rank) VALUES ('automerge', ${value})`).run();
  } catch {
    // As it was; the next start puts it back on.
  }
}

/** One step of the index's merge work, MERGE_STEP_PAGES at most; one refused is left to a later step. */
export function mergeSearchIndexStep(db: Database): void {
  try {
    prepared(db, `INSERT INTO photos_fts (photos_fts, rank) VALUES ('merge', ${MERGE_STEP_PAGES})`).run();
  } catch {
    // The index stays whole, only less merged.
  }
}

/**
 * Runs `work` with the index's automatic merging paused until the last such work ends (the setting is kept in
 * the catalogue, shared by every writer); `work` calls mergeSearchIndexStep between its batches.
 */
export async function withSearchIndexMergingPaused<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const count = pausedBy.get(db) ?? 0;
  if (count === 0) setAutomerge(db, 0);
  pausedBy.set(db, count + 1);
  try {
    return await work();
  } finally {
    const left = (pausedBy.get(db) ?? 1) - 1;
    pausedBy.set(db, left);
    if (left === 0 && db.open) setAutomerge(db, AUTOMERGE_ON);
  }
}

/** Turns the automatic merging back on where a quit or a crash left it paused (called before any such work). */
export function restoreSearchIndexMerging(db: Database): void {
  if ((pausedBy.get(db) ?? 0) === 0 && searchIndexAutomerge(db) !== AUTOMERGE_ON)
    setAutomerge(db, AUTOMERGE_ON);
}

/** The index's automerge setting as the catalogue keeps it (FTS5's default when never set). */
export function searchIndexAutomerge(db: Database): number {
  const value = preparedValues(db, "SELECT v FROM photos_fts_config WHERE k = 'automerge'").get() as
    number | undefined;
  return value ?? AUTOMERGE_ON;
}
