import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../../../test/support/cleanups';
import { openDatabase } from '../db/openDatabase';
import { createJobStore } from './jobStore';

const CLOUD_AWAITING = { open: 0, cloud: 1 };

/** Every queued job whose photo has no readable file outside a local-only folder, row by row. */
function heldBackRowByRow(db: Database): number {
  return db
    .prepare(
      `SELECT count(*) FROM caption_jobs j WHERE j.state = 'queued' AND NOT EXISTS (
         SELECT 1 FROM files f JOIN folders d ON d.id = f.folder_id
         WHERE f.photo_id = j.photo_id AND f.error IS NULL AND d.local_only = 0)`,
    )
    .pluck()
    .get() as number;
}

describe('jobs held back from a cloud provider', () => {
  const cleanups = cleanupsAfterEach();

  it('counts the photos with no readable file outside local-only folders, and follows the folders setting', () => {
    const db = openDatabase(join(cleanups.tempDir('shoebox-held-back-'), 'catalogue.sqlite'));
    cleanups.add(() => void db.close());
    const now = new Date().toISOString();
    db.prepare(`INSERT INTO folders (id, path, added_at, local_only) VALUES (1, '/cloud', ?, 0)`).run(now);
    db.prepare(`INSERT INTO folders (id, path, added_at, local_only) VALUES (2, '/private', ?, 1)`).run(now);
    const photo = db.prepare(`INSERT INTO photos (id, hash, bytes, created_at) VALUES (?, ?, 1, ?)`);
    const file = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 0, ?)`,
    );
    const spoil = db.prepare(`UPDATE files SET error = 'unreadable' WHERE path = ?`);
    const job = db.prepare(`INSERT INTO caption_jobs (photo_id, state, updated_at) VALUES (?, ?, ?)`);
    const add = (id: number, files: Array<[folder: number, readable: boolean]>, state = 'queued') => {
      photo.run(id, String(id).padStart(64, '0'), now);
      files.forEach(([folder, readable], n) => {
        const path = `/${folder === 1 ? 'cloud' : 'private'}/${id}-${n}.jpg`;
        file.run(folder, path, id);
        if (!readable) spoil.run(path);
      });
      job.run(id, state, now);
    };
    add(1, [[1, true]]); // may go
    add(2, [[2, true]]); // only in a local-only folder: held back
    add(3, [
      [1, true],
      [2, true],
    ]); // a copy outside: may go
    add(4, [[1, false]]); // nothing readable: held back
    add(5, [
      [2, false],
      [1, true],
    ]); // the readable copy is outside: may go
    add(6, [[2, true]], 'failed'); // not queued: not counted
    add(7, [
      [2, true],
      [2, true],
    ]); // two copies, both private: held back, counted once

    const jobs = createJobStore(db, { now: () => Date.now() });
    expect(heldBackRowByRow(db)).toBe(3);
    expect(jobs.counts(CLOUD_AWAITING).waitingForLocal).toBe(3);

    db.prepare(`UPDATE folders SET local_only = 0 WHERE id = 2`).run();
    expect(heldBackRowByRow(db)).toBe(1);
    expect(jobs.counts(CLOUD_AWAITING).waitingForLocal).toBe(1);

    // A private copy becomes readable again elsewhere: the unreadable photo may go.
    db.prepare(`UPDATE folders SET local_only = 1 WHERE id = 2`).run();
    db.prepare(`UPDATE files SET error = NULL WHERE photo_id = 4`).run();
    expect(heldBackRowByRow(db)).toBe(2);
    expect(jobs.counts(CLOUD_AWAITING).waitingForLocal).toBe(2);
  });
});
