import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobStore } from '../../captioning/jobStore';
import { openDatabase } from '../openDatabase';
import { registerSqlFunctions } from '../sqlFunctions';
import { up as queueCounts } from './060_queue_counts';
import { MIGRATIONS } from './index';

const fixedClock = { now: () => Date.parse('2026-12-01T12:00:00Z') };

/** What the counters say beside what count(*) says, each as sorted rows without the zero counts. */
function jobCounters(db: Database) {
  return {
    kept: db
      .prepare(
        `SELECT state, approved, origin, n FROM caption_job_counts WHERE n <> 0 ORDER BY state, approved, origin`,
      )
      .all(),
    counted: db
      .prepare(
        `SELECT state, approved, origin, count(*) AS n FROM caption_jobs GROUP BY state, approved, origin
         ORDER BY state, approved, origin`,
      )
      .all(),
  };
}

function addPhoto(db: Database, id: number, status = 'queued'): void {
  db.prepare(
    `INSERT INTO photos (id, hash, bytes, caption_status, created_at) VALUES (?, ?, 1, ?, 'then')`,
  ).run(id, `h${id}`, status);
}

describe('the job counts kept by triggers (migration 060), on the real migrations in a real SQLite file', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoebox-counters-'));
    db = openDatabase(join(dir, 'catalogue.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equal count(*) after inserts, state changes, approvals, upserts and deletes', () => {
    for (let id = 1; id <= 12; id++) addPhoto(db, id);
    const job = db.prepare(
      `INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES (?, 'queued', 'then', ?, ?)`,
    );
    for (let id = 1; id <= 10; id++) job.run(id, id % 3 === 0 ? 1 : 0, id % 2 === 0 ? 'watch' : 'scan');
    expect(jobCounters(db).kept).toEqual(jobCounters(db).counted);

    const jobs = createJobStore(db, fixedClock);
    // A claim, a failure, a refusal, an approval of all, a job done (deleted), an upsert on a running job.
    jobs.claimNext({ open: 1, cloud: 0 });
    jobs.setState(2, 'failed', 'boom', 3);
    jobs.setState(4, 'refused', 'no', 1);
    jobs.approve();
    jobs.remove(5);
    db.prepare(`UPDATE photos SET caption_status = 'done' WHERE id IN (5, 6)`).run();
    jobs.recaption(1);
    jobs.recaption(11);
    jobs.enqueue([12, 3], 'watch');
    jobs.retryFailed();
    // An update that changes nothing counted, and a photo removed with its job (a cascade).
    db.prepare(`UPDATE caption_jobs SET attempts = attempts + 1, state = state`).run();
    db.prepare('DELETE FROM photos WHERE id = 7').run();
    db.prepare(
      `INSERT OR IGNORE INTO caption_jobs (photo_id, state, updated_at) VALUES (8, 'queued', 'now')`,
    ).run();

    const after = jobCounters(db);
    expect(after.counted.length).toBeGreaterThan(1);
    expect(after.kept).toEqual(after.counted);
  });

  it("the queue's counts read from the counters agree with counting the rows", () => {
    for (let id = 1; id <= 6; id++) addPhoto(db, id, id === 6 ? 'done' : 'queued');
    db.exec(`INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES
      (1, 'queued', 'now', 0, 'scan'), (2, 'queued', 'now', 1, 'scan'), (3, 'queued', 'now', 0, 'watch'),
      (4, 'failed', 'now', 0, 'scan'), (5, 'running', 'now', 1, 'watch')`);
    const counts = createJobStore(db, fixedClock).counts({ open: 0, cloud: 0 });
    expect(counts).toMatchObject({
      queued: 2,
      running: 1,
      failed: 1,
      refused: 0,
      done: 1,
      awaitingApproval: 1,
    });
    db.prepare('DELETE FROM caption_jobs WHERE photo_id = 1').run();
    expect(createJobStore(db, fixedClock).counts({ open: 0, cloud: 0 })).toMatchObject({
      queued: 2,
      awaitingApproval: 0,
    });
  });
});

describe('migration 060 over a catalogue filled before it', () => {
  type Up = (db: Database) => void;
  const steps: Up[] = MIGRATIONS.map((m) => m.up);

  it('start from the counts the rows already hold', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      registerSqlFunctions(db);
      for (const up of steps.slice(0, steps.indexOf(queueCounts))) up(db);
      for (let id = 1; id <= 4; id++) addPhoto(db, id, id === 4 ? 'done' : 'queued');
      db.exec(`INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES
        (1, 'queued', 'now', 0, 'scan'), (2, 'queued', 'now', 0, 'scan'), (3, 'failed', 'now', 1, 'watch')`);
      queueCounts(db);
      expect(jobCounters(db).kept).toEqual([
        { state: 'failed', approved: 1, origin: 'watch', n: 1 },
        { state: 'queued', approved: 0, origin: 'scan', n: 2 },
      ]);
    } finally {
      db.close();
    }
  });
});
