import type { Database } from 'better-sqlite3';
import { prepared } from '../db/prepared';

// The `vocabulary_jobs` table: a vocabulary change or its undo that runs in batches, kept until it is finished.

export type VocabularyJobKind = 'merge' | 'respell' | 'delete' | 'undo';

export interface VocabularyJobRow {
  id: number;
  edit_id: number;
  kind: VocabularyJobKind;
  from_tag: string | null;
  to_tag: string | null;
  cursor: number;
  done: number;
}

export function insertVocabularyJob(
  db: Database,
  job: { editId: number; kind: VocabularyJobKind; from: string | null; to: string | null; at: string },
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO vocabulary_jobs (edit_id, kind, from_tag, to_tag, started_at) VALUES (?, ?, ?, ?, ?)`,
    ).run(job.editId, job.kind, job.from, job.to, job.at).lastInsertRowid,
  );
}

/** Unfinished jobs, oldest first (the order they were started in). */
export function unfinishedVocabularyJobs(db: Database): VocabularyJobRow[] {
  return prepared(
    db,
    `SELECT id, edit_id, kind, from_tag, to_tag, cursor, done FROM vocabulary_jobs ORDER BY id`,
  ).all() as VocabularyJobRow[];
}

export function advanceVocabularyJob(db: Database, id: number, cursor: number, done: number): void {
  prepared(db, `UPDATE vocabulary_jobs SET cursor = ?, done = ? WHERE id = ?`).run(cursor, done, id);
}

export function deleteVocabularyJob(db: Database, id: number): void {
  prepared(db, `DELETE FROM vocabulary_jobs WHERE id = ?`).run(id);
}
