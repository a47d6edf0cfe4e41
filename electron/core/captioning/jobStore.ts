import type { Database } from 'better-sqlite3';
import type { QueueStatus } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import { prepared } from '../db/prepared';
import { mayGoToCloud, photoExists } from '../stores/photosStore';

export type JobState = 'queued' | 'running' | 'failed' | 'refused';
export type JobOrigin = 'scan' | 'watch';

/** Which jobs may go now: open = nothing is charged (no approval needed); cloud = the provider is not local. */
export interface ClaimFilter {
  open: number;
  cloud: number;
}

export interface ClaimedJob {
  photoId: number;
  attempts: number;
}

export interface JobFacts {
  hash: string;
  width: number | null;
  height: number | null;
  approved: number;
  origin: JobOrigin;
}

export type JobCounts = Omit<QueueStatus, 'revision' | 'paused' | 'blockedReason' | 'offline' | 'budgetCap'>;

const CLOUD_ALLOWED = mayGoToCloud('caption_jobs.photo_id');

/**
 * The persisted caption jobs (`caption_jobs`, mirrored in `photos.caption_status`). A crash loses nothing: jobs
 * left 'running' go back to 'queued' on start. Every write that changes a job's state goes through here.
 */
export function createJobStore(db: Database, clock: Clock) {
  const statements = {
    requeueCrashed: prepared(
      db,

      `UPDATE caption_jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`,
    ),
    requeueCrashedPhotos: prepared(
      db,

      `UPDATE photos SET caption_status = 'queued' WHERE caption_status = 'running'
         AND id IN (SELECT photo_id FROM caption_jobs WHERE state = 'queued')`,
    ),
    // A job from scanning a folder waits for approval, unless nothing is charged (@open = 1).
    // Two forms, each matching one partial index exactly (migration 032), so finding the next job never
    // walks the jobs that wait for approval.
    nextSendable: prepared(
      db,

      `SELECT photo_id AS photoId, attempts FROM caption_jobs INDEXED BY caption_jobs_sendable
       WHERE state = 'queued' AND batch_id IS NULL AND (approved = 1 OR origin = 'watch')
         AND (@cloud = 0 OR ${CLOUD_ALLOWED})
       ORDER BY run_after, photo_id LIMIT @count`,
    ),
    nextAny: prepared(
      db,

      `SELECT photo_id AS photoId, attempts FROM caption_jobs INDEXED BY caption_jobs_queued
       WHERE state = 'queued' AND batch_id IS NULL
         AND (@cloud = 0 OR ${CLOUD_ALLOWED})
       ORDER BY run_after, photo_id LIMIT @count`,
    ),
    waitingForLocal: prepared(
      db,

      // Only a photo without a readable file, or with one in a local-only folder, can be held back. Counting
      // among those (the joins in this order), not among every queued job, keeps a status push, four a second
      // during a scan, from growing with the library: it took 39 ms at 100,000 queued jobs, 15 µs now.
      `SELECT count(*) AS n FROM (
           SELECT photo_id FROM unreadable_photos
           UNION SELECT f.photo_id FROM folders d INDEXED BY folders_local_only CROSS JOIN files f ON f.folder_id = d.id
             WHERE d.local_only = 1 AND f.photo_id IS NOT NULL
         ) c CROSS JOIN caption_jobs j ON j.photo_id = c.photo_id
       WHERE j.state = 'queued' AND NOT ${mayGoToCloud('j.photo_id')}`,
    ),
    awaitingApproval: prepared(
      db,

      `SELECT coalesce(sum(n), 0) AS n FROM caption_job_counts WHERE state = 'queued' AND approved = 0 AND origin = 'scan'`,
    ),
    jobFacts: prepared(
      db,

      `SELECT p.hash, p.width, p.height, j.approved, j.origin FROM caption_jobs j JOIN photos p ON p.id = j.photo_id
       WHERE j.photo_id = ?`,
    ),
    needApproval: prepared(db, `UPDATE caption_jobs SET origin = 'scan' WHERE photo_id = ?`),
    approveAll: prepared(db, `UPDATE caption_jobs SET approved = 1 WHERE state = 'queued' AND approved = 0`),
    approveFolder: prepared(
      db,

      `UPDATE caption_jobs SET approved = 1 WHERE state = 'queued' AND approved = 0
         AND photo_id IN (SELECT photo_id FROM files WHERE folder_id = ? AND photo_id IS NOT NULL)`,
    ),
    setJobState: prepared(
      db,

      `UPDATE caption_jobs SET state = ?, last_error = ?, attempts = ?, updated_at = ? WHERE photo_id = ?`,
    ),
    setPhotoStatus: prepared(db, `UPDATE photos SET caption_status = ?, caption_error = ? WHERE id = ?`),
    // Counters kept by triggers (migration 060): the same at 100 or 200,000 jobs.
    counts: prepared(db, `SELECT state, sum(n) AS n FROM caption_job_counts GROUP BY state`),
    done: prepared(db, `SELECT count(*) AS n FROM photos WHERE caption_status = 'done'`),
    deleteJob: prepared(db, `DELETE FROM caption_jobs WHERE photo_id = ?`),
    retryFailedJobs: prepared(
      db,

      `UPDATE caption_jobs SET state = 'queued', attempts = 0, last_error = NULL, updated_at = ? WHERE state = 'failed'`,
    ),
    retryFailedPhotos: prepared(
      db,

      `UPDATE photos SET caption_status = 'queued', caption_error = NULL
       WHERE caption_status = 'failed' AND id IN (SELECT photo_id FROM caption_jobs WHERE state = 'queued')`,
    ),
    recaptionJob: prepared(
      db,

      `INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES (?, 'queued', ?, 1, 'scan')
       ON CONFLICT (photo_id) DO UPDATE SET approved = 1, attempts = CASE WHEN state = 'running' THEN attempts ELSE 0 END,
         state = CASE WHEN state = 'running' THEN state ELSE 'queued' END, last_error = NULL, updated_at = excluded.updated_at`,
    ),
    recaptionPhoto: prepared(
      db,

      `UPDATE photos SET caption_status = 'queued', caption_error = NULL WHERE id = ? AND caption_status <> 'running'`,
    ),
    enqueueJob: prepared(
      db,

      `INSERT INTO caption_jobs (photo_id, state, updated_at, origin) SELECT id, 'queued', ?, ? FROM photos WHERE id = ?
       ON CONFLICT (photo_id) DO NOTHING`,
    ),
    recaptionModelJobs: prepared(
      db,

      `INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin)
       SELECT id, 'queued', ?, 0, 'scan' FROM photos WHERE caption_model = ?
       ON CONFLICT (photo_id) DO NOTHING`,
    ),
    recaptionModelPhotos: prepared(
      db,

      `UPDATE photos SET caption_status = 'queued', caption_error = NULL WHERE caption_model = ?
         AND id IN (SELECT photo_id FROM caption_jobs WHERE state = 'queued')`,
    ),
    captionModels: prepared(
      db,

      `SELECT caption_model AS model, count(*) AS photos FROM photos WHERE caption_model IS NOT NULL
       GROUP BY caption_model ORDER BY photos DESC, model`,
    ),
    enqueuePhoto: prepared(
      db,

      `UPDATE photos SET caption_status = 'queued', caption_error = NULL WHERE id = ? AND caption_status <> 'running'`,
    ),
  };

  const setState = db.transaction(
    (photoId: number, state: JobState, error: string | null, attempts: number) => {
      statements.setJobState.run(state, error, attempts, isoNow(clock), photoId);
      statements.setPhotoStatus.run(state, error, photoId);
    },
  );

  const requeueCrashed = db.transaction(() => {
    statements.requeueCrashed.run(isoNow(clock));
    statements.requeueCrashedPhotos.run();
  });

  function next(filter: ClaimFilter, count: number): ClaimedJob[] {
    const statement = filter.open === 1 ? statements.nextAny : statements.nextSendable;
    return statement.all({ cloud: filter.cloud, count }) as ClaimedJob[];
  }

  const claimNext = db.transaction((filter: ClaimFilter): ClaimedJob | null => {
    const row = next(filter, 1)[0];
    if (!row) return null;
    statements.setJobState.run('running', null, row.attempts, isoNow(clock), row.photoId);
    statements.setPhotoStatus.run('running', null, row.photoId);
    return row;
  });
  const retryFailed = db.transaction(() => {
    statements.retryFailedJobs.run(isoNow(clock));
    statements.retryFailedPhotos.run();
  });
  const recaption = db.transaction((photoId: number): boolean => {
    if (!photoExists(db, photoId)) return false;
    statements.recaptionJob.run(photoId, isoNow(clock));
    statements.recaptionPhoto.run(photoId);
    return true;
  });
  const enqueue = db.transaction((photoIds: readonly number[], origin: JobOrigin): number => {
    const at = isoNow(clock);
    let created = 0;
    for (const photoId of photoIds) {
      if (statements.enqueueJob.run(at, origin, photoId).changes === 0) continue;
      statements.enqueuePhoto.run(photoId);
      created += 1;
    }
    return created;
  });

  const recaptionModel = db.transaction((model: string): number => {
    const created = statements.recaptionModelJobs.run(isoNow(clock), model).changes;
    statements.recaptionModelPhotos.run(model);
    return created;
  });

  return {
    /** Queues every photo this model captioned for a fresh caption, waiting for approval; how many. */
    recaptionModel(model: string): number {
      return recaptionModel(model);
    },
    /** The models that wrote the catalogue's captions, with how many photos each. */
    captionModels(): { model: string; photos: number }[] {
      return statements.captionModels.all() as { model: string; photos: number }[];
    },
    setState(photoId: number, state: JobState, error: string | null, attempts: number): void {
      setState(photoId, state, error, attempts);
    },
    requeue(photoId: number, attempts: number): void {
      setState(photoId, 'queued', null, attempts);
    },
    /** Keeps the job running while its worker retries; only its error and attempt count change. */
    noteRetry(photoId: number, reason: string, attempts: number): void {
      statements.setJobState.run('running', reason, attempts, isoNow(clock), photoId);
    },
    claimNext(filter: ClaimFilter): ClaimedJob | null {
      return claimNext(filter);
    },
    /** The jobs claimNext would hand out next, in order, without claiming them. */
    upcoming(filter: ClaimFilter, count: number): number[] {
      return next(filter, count).map((r) => r.photoId);
    },
    hasRunnable(filter: ClaimFilter): boolean {
      return next(filter, 1).length > 0;
    },
    /** Jobs a crash (or a full disk) left 'running' were never stored: they go again. */
    requeueCrashed(): void {
      requeueCrashed();
    },
    facts(photoId: number): JobFacts | undefined {
      return statements.jobFacts.get(photoId) as JobFacts | undefined;
    },
    markNeedsApproval(photoId: number): void {
      statements.needApproval.run(photoId);
    },
    approve(folderId?: number): void {
      if (folderId === undefined) statements.approveAll.run();
      else statements.approveFolder.run(folderId);
    },
    retryFailed(): void {
      retryFailed();
    },
    /** Queues a fresh, approved caption of one photo; false when the photo is gone. */
    recaption(photoId: number): boolean {
      return recaption(photoId);
    },
    /**
     * Creates a job for each photo that has none (a photo already queued keeps its job). Callers that add
     * photos without a job of their own (a burst's other shots) use this when one of them must be captioned.
     */
    enqueue(photoIds: readonly number[], origin: JobOrigin): number {
      return enqueue(photoIds, origin);
    },
    photoExists(photoId: number): boolean {
      return photoExists(db, photoId);
    },
    /** The job is done: its caption is stored. */
    remove(photoId: number): void {
      statements.deleteJob.run(photoId);
    },
    counts(filter: ClaimFilter): JobCounts {
      const result: JobCounts = {
        queued: 0,
        running: 0,
        done: 0,
        failed: 0,
        refused: 0,
        awaitingApproval: 0,
        waitingForLocal: 0,
      };
      for (const row of statements.counts.all() as { state: keyof JobCounts; n: number }[]) {
        if (row.state in result) result[row.state] = row.n;
      }
      result.done = (statements.done.get() as { n: number }).n;
      if (filter.open !== 1) {
        result.awaitingApproval = (statements.awaitingApproval.get() as { n: number }).n;
        result.queued -= result.awaitingApproval;
      }
      if (filter.cloud === 1) {
        result.waitingForLocal = (statements.waitingForLocal.get() as { n: number }).n;
        result.queued = Math.max(0, result.queued - result.waitingForLocal);
      }
      return result;
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
