import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTurnBatch } from './turnBatch';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-turn-batch-'));
  db = new Database(join(dir, 'batch.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE rows (name TEXT PRIMARY KEY)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A real transaction runner that counts the outermost transactions, i.e. commits. */
function countingTransaction() {
  const counts = { commits: 0 };
  let depth = 0;
  const transaction = <T>(work: () => T): T => {
    if (depth === 0) counts.commits++;
    depth++;
    try {
      return db.transaction(work)();
    } finally {
      depth--;
    }
  };
  return { counts, transaction };
}

const insert = (name: string) => () => {
  db.prepare('INSERT INTO rows (name) VALUES (?)').run(name);
  return name;
};
const names = () => db.prepare('SELECT name FROM rows ORDER BY name').pluck().all();

describe('the turn batch', () => {
  it('commits the writes asked for in one turn together, and tells once after the commit', async () => {
    const { counts, transaction } = countingTransaction();
    let told = 0;
    const batch = createTurnBatch(transaction, () => told++);
    const results = await Promise.all(['a', 'b', 'c'].map((name) => batch.run(insert(name))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(names()).toEqual(['a', 'b', 'c']);
    expect(counts.commits).toBe(1);
    expect(told).toBe(1);

    await batch.run(insert('d'));
    expect(counts.commits).toBe(2);
    expect(told).toBe(2);
  });

  it('with a gathering time, commits writes asked for over several turns together, and a full batch at once', async () => {
    const { counts, transaction } = countingTransaction();
    let told = 0;
    const batch = createTurnBatch(transaction, () => told++, { gatherMs: 200, maxWrites: 3 });
    const first = batch.run(insert('a'));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // Two turns later nothing is committed yet: the batch is still gathering.
    expect(counts.commits).toBe(0);
    const second = batch.run(insert('b'));
    // The third write fills the batch: it commits then, without waiting for the time to run out.
    const third = batch.run(insert('c'));
    expect(counts.commits).toBe(1);
    expect(await Promise.all([first, second, third])).toEqual(['a', 'b', 'c']);
    expect(told).toBe(1);

    const started = performance.now();
    await batch.run(insert('d'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(names()).toEqual(['a', 'b', 'c', 'd']);
    expect(counts.commits).toBe(2);
  });

  it('fails only the caller whose write throws, undoing that write and keeping the others', async () => {
    const { transaction } = countingTransaction();
    const batch = createTurnBatch(transaction);
    const failing = () => {
      db.prepare('INSERT INTO rows (name) VALUES (?)').run('half');
      throw new Error('no room');
    };
    const outcomes = await Promise.allSettled([
      batch.run(insert('a')),
      batch.run(failing),
      batch.run(insert('a')),
      batch.run(insert('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'no room' });
    expect(names()).toEqual(['a', 'b']);
  });

  it('when the batch does not fit, writes each alone, and the one that does not fit gets the disk-full error', async () => {
    // A disk with room for one row: a transaction that leaves more fails as SQLite's would.
    const batch = createTurnBatch(<T>(work: () => T): T =>
      db.transaction(() => {
        const result = work();
        if ((db.prepare('SELECT count(*) FROM rows').pluck().get() as number) > 1)
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        return result;
      })(),
    );
    const outcomes = await Promise.allSettled([batch.run(insert('a')), batch.run(insert('b'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect(names()).toEqual(['a']);
  });

  it('fails every caller of the batch when the commit itself fails', async () => {
    // Every commit fails, as on a disk that stays full: the writes run, then the transaction is undone.
    const batch = createTurnBatch(<T>(work: () => T): T => {
      db.transaction(() => {
        work();
        throw new Error('disk full at commit');
      })();
      throw new Error('unreachable');
    });
    const outcomes = await Promise.allSettled([batch.run(insert('a')), batch.run(insert('b'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : ''))).toEqual([
      'Error: disk full at commit',
      'Error: disk full at commit',
    ]);
    expect(names()).toEqual([]);
  });
});
