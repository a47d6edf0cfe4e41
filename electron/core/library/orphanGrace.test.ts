import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { silentLog, type Log } from '../log';
import { createCatalogueStore } from './catalogueStore';
import { createOrphanGrace } from './orphanGrace';

const GRACE_MS = 60_000;

describe('orphan grace', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'shoebox-orphan-grace-'));
    db = openDatabase(join(dir, 'catalogue.db'));
    db.exec(`
      INSERT INTO folders (id, path, added_at) VALUES (1, '/a', 'now');
      INSERT INTO photos (id, hash, bytes, created_at) VALUES (1, 'h1', 1, 'now'), (2, 'h2', 1, 'now');
      INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, '/a/2.jpg', 1, 1, 2);
    `);
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function photoIds(): number[] {
    return db.prepare('SELECT id FROM photos ORDER BY id').pluck().all() as number[];
  }

  function grace(log: Log = silentLog) {
    const removed = { count: 0 };
    const orphans = createOrphanGrace({
      store: createCatalogueStore(db),
      graceMs: GRACE_MS,
      log,
      onRemoved: () => removed.count++,
    });
    return { orphans, removed };
  }

  it('removes a photo still without a location once the grace period is over, and only then', () => {
    const { orphans, removed } = grace();
    try {
      orphans.schedule(1);
      orphans.schedule(1);
      vi.advanceTimersByTime(GRACE_MS - 1);
      expect(photoIds()).toEqual([1, 2]);
      vi.advanceTimersByTime(1);
      expect(photoIds()).toEqual([2]);
      expect(removed.count).toBe(1);
    } finally {
      orphans.stop();
    }
  });

  it('keeps a photo that has a location, one whose removal was cancelled, and every photo once stopped', () => {
    const { orphans, removed } = grace();
    try {
      orphans.schedule(2);
      orphans.schedule(1);
      orphans.cancel(1);
      vi.advanceTimersByTime(GRACE_MS);
      expect(photoIds()).toEqual([1, 2]);

      orphans.schedule(1);
      orphans.stop();
      orphans.schedule(1);
      vi.advanceTimersByTime(GRACE_MS);
      expect(photoIds()).toEqual([1, 2]);

      orphans.start();
      orphans.schedule(1);
      vi.advanceTimersByTime(GRACE_MS);
      expect(photoIds()).toEqual([2]);
      expect(removed.count).toBe(1);
    } finally {
      orphans.stop();
    }
  });

  it('keeps a photo whose location came back during the grace period', () => {
    const { orphans, removed } = grace();
    try {
      orphans.schedule(1);
      db.exec(
        `INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (1, '/a/1.jpg', 1, 1, 1)`,
      );
      vi.advanceTimersByTime(GRACE_MS);
      expect(photoIds()).toEqual([1, 2]);
      expect(removed.count).toBe(0);
    } finally {
      orphans.stop();
    }
  });

  it('logs a removal that fails and goes on', () => {
    const errors: unknown[] = [];
    const { orphans, removed } = grace({ info() {}, warn() {}, error: (...args) => errors.push(args) });
    try {
      orphans.schedule(1);
      db.close();
      vi.advanceTimersByTime(GRACE_MS);
      expect(removed.count).toBe(0);
      expect(errors).toEqual([
        ['could not remove an orphaned photo', { photoId: 1, error: 'The database connection is not open' }],
      ]);
    } finally {
      orphans.stop();
      db = openDatabase(join(dir, 'catalogue.db'));
    }
  });
});
