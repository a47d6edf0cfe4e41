import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { QueueStatus } from '../../../shared/types';
import { findReadablePathById } from '../catalog/photoFiles';
import { isoNow, type Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import type { ResolvedProvider, SettingsStore } from '../settings/settingsStore';
import { pixtralImageTokens } from '../../../shared/imageTokens';
import { tokenCost } from '../../../shared/costModel';
import { interruptCall, markInterruptedCalls, type CallOutcome } from '../spend/ledger';
import type { SpendGate } from '../spend/spendGate';
import { storeModelSuggestion } from '../review/modelOutput';
import { existingWordsContext, PROMPT_VERSION } from './prompt';
import { requestCaption, type CaptionCallResult, type CaptionOutcome } from './providerClient';

export interface UploadImage {
  dataUrl: string;
  width: number;
  height: number;
}

export interface CaptionQueueDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  log: Log;
  settings: SettingsStore;
  prepareUpload: (path: string, maxSide: number, options: { keepMetadata: boolean }) => Promise<UploadImage>;
  fetch?: typeof fetch;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
  /** Retry delays (real time). Tests shrink them so suites stay fast. */
  backoff?: { baseMs: number; maxMs: number };
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Bad replies for one photo before it is marked failed. */
  maxBadOutputAttempts?: number;
  /** Budget caps, approval and the ledger. Without it (unit tests) every job may be sent. */
  gate?: SpendGate;
  /**
   * Asked once per provider setup before its first photo goes (Test connection's probe): the words to
   * pause with when nothing may be sent (bad key, model not offered), or null. Without it, nothing is asked.
   */
  checkSetup?: (resolved: ResolvedProvider) => Promise<string | null>;
  /** A condition outside the queue that holds every call (the data disk is full), as the user reads it. */
  heldBy?: () => string | null;
  /** True when a failed write means the data disk is full: the job then waits for room, it is not failed. */
  isDiskFull?: (error: unknown) => boolean;
}

export interface CaptionQueue {
  start(): void;
  stop(): Promise<void>;
  wake(): void;
  pause(): QueueStatus;
  resume(): QueueStatus;
  retryFailed(): QueueStatus;
  /** The user said yes to the estimate: caption what waits for approval (in one folder, or all). */
  approve(folderId?: number): QueueStatus;
  /** The user asked for a fresh caption of one photo: queued as approved; their own words stay (see modelOutput). */
  recaption(photoId: number): QueueStatus;
  status(): QueueStatus;
  whenIdle(): Promise<void>;
}

const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60_000 };
const USER_PAUSE = 'Paused';
const OFFLINE = 'offline, retrying';
/** After a 429, this many successes restore one more parallel request. */
const SUCCESSES_PER_STEP_UP = 5;
/** A photo may go to a cloud provider when at least one of its copies is in a folder that allows it. */
const CLOUD_ALLOWED = `EXISTS (SELECT 1 FROM files f JOIN folders d ON d.id = f.folder_id
  WHERE f.photo_id = caption_jobs.photo_id AND f.error IS NULL AND d.local_only = 0)`;
/** How long to hold off when the provider's window is nearly used up. */
const PACING_PAUSE_MS = 2_000;

interface SleepHandle {
  timer: NodeJS.Timeout;
  resolve: () => void;
}

/**
 * The persisted caption queue. Jobs live in `caption_jobs` (the library adds them with the photo), so a crash
 * loses nothing: jobs left 'running' go back to 'queued' on start. Workers take one job each and own every
 * retry of it; the SDK does not retry. Each outcome of a call maps to one reaction: see handleOutcome.
 */
export function createCaptionQueue(deps: CaptionQueueDeps): CaptionQueue {
  const { db, events, clock, log, settings } = deps;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const maxBadOutputAttempts = deps.maxBadOutputAttempts ?? 3;

  let started = false;
  let stopped = false;
  /** Set by the user (USER_PAUSE) or by a condition only the user can fix (credits, bad key). */
  let pauseReason: string | null = null;
  let providerError: string | null = null;
  /** The provider setup that caused a fatal pause; a changed setup (new key, model…) lifts the pause on wake. */
  let fatalSetup: string | null = null;
  let offlineReason: string | null = null;
  /** A budget cap reached: nothing is sent until the user raises it (wake) or the day or month turns. */
  let budgetBlock: { cap: 'daily' | 'monthly' | 'total'; message: string } | null = null;
  let budgetRecheck: NodeJS.Timeout | null = null;
  /** Lowered on 429 and raised again on success; null means the configured concurrency. */
  let throttledConcurrency: number | null = null;
  let successesSinceThrottle = 0;
  /** Real-time (Date.now) moment before which nobody sends, after a Retry-After. */
  let holdUntil = 0;
  let activeWorkers = 0;
  /** Jobs whose outcome could not be stored for want of disk space: still 'running' in the table. */
  let strandedByFullDisk = false;
  const workers = new Set<Promise<void>>();
  const sleepers = new Set<SleepHandle>();
  const idleWaiters: (() => void)[] = [];
  let abort = new AbortController();
  /** Numbers each status snapshot, so windows can tell a late reply from a newer event. */
  let revision = 0;
  /** The verdict of checkSetup for one setup, shared by every worker that needs it. */
  let setupCheck: { fingerprint: string; verdict: Promise<string | null> } | null = null;

  const statements = {
    requeueCrashed: db.prepare(
      `UPDATE caption_jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`,
    ),
    requeueCrashedPhotos: db.prepare(
      `UPDATE photos SET caption_status = 'queued' WHERE caption_status = 'running'
         AND id IN (SELECT photo_id FROM caption_jobs WHERE state = 'queued')`,
    ),
    // A job from scanning a folder waits for approval, unless nothing is charged (@open = 1).
    nextQueued: db.prepare(
      `SELECT photo_id AS photoId, attempts FROM caption_jobs
       WHERE state = 'queued' AND (approved = 1 OR origin = 'watch' OR @open = 1)
         AND (@cloud = 0 OR ${CLOUD_ALLOWED})
       ORDER BY run_after, photo_id LIMIT 1`,
    ),
    waitingForLocal: db.prepare(
      `SELECT count(*) AS n FROM caption_jobs WHERE state = 'queued' AND NOT ${CLOUD_ALLOWED}`,
    ),
    awaitingApproval: db.prepare(
      `SELECT count(*) AS n FROM caption_jobs WHERE state = 'queued' AND approved = 0 AND origin = 'scan'`,
    ),
    jobFacts: db.prepare(
      `SELECT p.hash, p.width, p.height, j.approved, j.origin FROM caption_jobs j JOIN photos p ON p.id = j.photo_id
       WHERE j.photo_id = ?`,
    ),
    needApproval: db.prepare(`UPDATE caption_jobs SET origin = 'scan' WHERE photo_id = ?`),
    approveAll: db.prepare(`UPDATE caption_jobs SET approved = 1 WHERE state = 'queued' AND approved = 0`),
    approveFolder: db.prepare(
      `UPDATE caption_jobs SET approved = 1 WHERE state = 'queued' AND approved = 0
         AND photo_id IN (SELECT photo_id FROM files WHERE folder_id = ? AND photo_id IS NOT NULL)`,
    ),
    setJobState: db.prepare(
      `UPDATE caption_jobs SET state = ?, last_error = ?, attempts = ?, updated_at = ? WHERE photo_id = ?`,
    ),
    setPhotoStatus: db.prepare(`UPDATE photos SET caption_status = ?, caption_error = ? WHERE id = ?`),
    counts: db.prepare(`SELECT state, count(*) AS n FROM caption_jobs GROUP BY state`),
    done: db.prepare(`SELECT count(*) AS n FROM photos WHERE caption_status = 'done'`),
    storeCaption: db.prepare(
      `UPDATE photos SET caption_status = 'done', caption_error = NULL, caption_model = ?,
         caption_provider = ?, prompt_version = ?, input_tokens = ?, output_tokens = ?, reported_cost = ?,
         captioned_at = ?
       WHERE id = ?`,
    ),
    deleteJob: db.prepare(`DELETE FROM caption_jobs WHERE photo_id = ?`),
    userCaption: db
      .prepare(`SELECT caption FROM photos WHERE id = ? AND caption_state = 'user' AND caption IS NOT NULL`)
      .pluck(),
    userTags: db
      .prepare(`SELECT tag FROM photo_tags WHERE photo_id = ? AND state = 'user' ORDER BY position, tag`)
      .pluck(),
    photoExists: db.prepare(`SELECT 1 FROM photos WHERE id = ?`),
    retryFailedJobs: db.prepare(
      `UPDATE caption_jobs SET state = 'queued', attempts = 0, last_error = NULL, updated_at = ? WHERE state = 'failed'`,
    ),
    retryFailedPhotos: db.prepare(
      `UPDATE photos SET caption_status = 'queued', caption_error = NULL
       WHERE caption_status = 'failed' AND id IN (SELECT photo_id FROM caption_jobs WHERE state = 'queued')`,
    ),
  };

  const setState = db.transaction(
    (
      photoId: number,
      state: 'queued' | 'running' | 'failed' | 'refused',
      error: string | null,
      attempts: number,
    ) => {
      statements.setJobState.run(state, error, attempts, isoNow(clock), photoId);
      statements.setPhotoStatus.run(state, error, photoId);
    },
  );

  const claimNext = db.transaction((): { photoId: number; attempts: number } | null => {
    const row = statements.nextQueued.get(claimFilter()) as { photoId: number; attempts: number } | undefined;
    if (!row) return null;
    statements.setJobState.run('running', null, row.attempts, isoNow(clock), row.photoId);
    statements.setPhotoStatus.run('running', null, row.photoId);
    return row;
  });

  /** Runs inside the transaction that settles the call's bill (see below). */
  function storeResult(
    photoId: number,
    resolved: ResolvedProvider,
    outcome: Extract<CaptionOutcome, { kind: 'ok' }>,
  ): void {
    // Its folder was removed while the call was out: the bill stands, there is nothing to caption.
    if (!statements.photoExists.get(photoId)) return;
    const at = isoNow(clock);
    statements.storeCaption.run(
      outcome.model,
      resolved.provider,
      PROMPT_VERSION,
      outcome.usage.inputTokens,
      outcome.usage.outputTokens,
      outcome.usage.reportedCost,
      at,
      photoId,
    );
    storeModelSuggestion(db, photoId, {
      caption: outcome.caption.caption,
      tags: outcome.caption.tags,
      model: outcome.model,
      promptVersion: PROMPT_VERSION,
      at,
    });
    statements.deleteJob.run(photoId);
  }

  /** The caption and tags the user gave the photo (written or imported), for a prompt that asks for them. */
  function ownersWords(photoId: number): string | null {
    const caption = statements.userCaption.get(photoId) as string | undefined;
    const tags = statements.userTags.all(photoId) as string[];
    return existingWordsContext(caption ?? null, tags);
  }

  function claimFilter(): { open: number; cloud: number } {
    const resolved = settings.resolveProvider();
    return { open: openToAll() ? 1 : 0, cloud: 'error' in resolved || resolved.cloud ? 1 : 0 };
  }

  /** True when sending costs nothing or spend control is off: then no job waits for approval. */
  function openToAll(): boolean {
    if (!deps.gate) return true;
    const resolved = settings.resolveProvider();
    return 'error' in resolved ? false : deps.gate.isFree(resolved.provider);
  }

  function counts(): Omit<QueueStatus, 'paused' | 'blockedReason' | 'offline' | 'budgetCap'> {
    const result = {
      queued: 0,
      running: 0,
      done: 0,
      failed: 0,
      refused: 0,
      awaitingApproval: 0,
      waitingForLocal: 0,
    };
    for (const row of statements.counts.all() as { state: keyof typeof result; n: number }[]) {
      if (row.state in result) result[row.state] = row.n;
    }
    result.done = (statements.done.get() as { n: number }).n;
    if (!openToAll()) {
      result.awaitingApproval = (statements.awaitingApproval.get() as { n: number }).n;
      result.queued -= result.awaitingApproval;
    }
    if (claimFilter().cloud === 1) {
      result.waitingForLocal = (statements.waitingForLocal.get() as { n: number }).n;
      result.queued = Math.max(0, result.queued - result.waitingForLocal);
    }
    return result;
  }

  function blockedReason(): string | null {
    const held = deps.heldBy?.() ?? null;
    if (held) return held;
    if (pauseReason) return pauseReason;
    if (budgetBlock) return budgetBlock.message;
    if (providerError) return providerError;
    if (offlineReason) return offlineReason;
    if (holdUntil > Date.now()) return 'rate limited by the provider, slowing down';
    return null;
  }

  function status(): QueueStatus {
    revision += 1;
    return {
      revision,
      paused: pauseReason !== null,
      blockedReason: blockedReason(),
      ...counts(),
      offline: offlineReason !== null,
      budgetCap: budgetBlock?.cap ?? null,
    };
  }

  function publish(): QueueStatus {
    const current = status();
    events.emit('queue.status', current);
    return current;
  }

  function concurrencyLimit(): number {
    const configured = Math.max(1, settings.tuning().concurrency);
    return throttledConcurrency === null ? configured : Math.min(configured, throttledConcurrency);
  }

  function blocked(): boolean {
    return (
      stopped ||
      !started ||
      pauseReason !== null ||
      providerError !== null ||
      budgetBlock !== null ||
      (deps.heldBy?.() ?? null) !== null
    );
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0 || stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const handle: SleepHandle = {
        timer: setTimeout(() => {
          sleepers.delete(handle);
          resolve();
        }, ms),
        resolve,
      };
      sleepers.add(handle);
    });
  }

  /** Ends every wait early, so pause and stop take effect at once. */
  function interruptSleepers(): void {
    for (const handle of sleepers) {
      clearTimeout(handle.timer);
      handle.resolve();
    }
    sleepers.clear();
  }

  function backoffMs(attempt: number): number {
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
    // Full-ish jitter: spread retries of parallel workers so they don't hit the provider together.
    return Math.round(ceiling * (0.5 + random() * 0.5));
  }

  function checkIdle(): void {
    if (idleWaiters.length === 0) return;
    const nothingRunnable =
      activeWorkers === 0 && (blocked() || statements.nextQueued.get(claimFilter()) === undefined);
    if (!nothingRunnable) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function pump(): void {
    if (stopped || !started) return;
    if (pauseReason === null) {
      const resolved = settings.resolveProvider();
      const nextError = 'error' in resolved ? resolved.error : null;
      if (nextError !== providerError) {
        providerError = nextError;
        publish();
      }
    }
    let claimed = 0;
    while (!blocked() && activeWorkers < concurrencyLimit()) {
      const job = claimNext();
      if (!job) break;
      claimed += 1;
      activeWorkers += 1;
      const worker = runJob(job.photoId, job.attempts)
        .catch((error: unknown) => {
          if (deps.isDiskFull?.(error)) {
            // Nothing could be written: the job stays as it was and is sent again once there is room.
            strandedByFullDisk = true;
            log.warn('a caption could not be stored: the disk is full', { photoId: job.photoId });
            return;
          }
          // A bug, not a provider problem: keep the job for a later retry and say so in the log.
          log.error('caption worker crashed', { photoId: job.photoId, error: String(error) });
          try {
            setState(job.photoId, 'failed', `internal error: ${String(error)}`, job.attempts);
          } catch {
            // the database may be closed during shutdown
          }
        })
        .finally(() => {
          activeWorkers -= 1;
          workers.delete(worker);
          if (!stopped) {
            pump();
            publish();
          }
          checkIdle();
        });
      workers.add(worker);
    }
    if (claimed > 0) publish();
    checkIdle();
  }

  function requeue(photoId: number, attempts: number): void {
    setState(photoId, 'queued', null, attempts);
  }

  function pauseWith(reason: string): void {
    if (pauseReason === null || pauseReason === USER_PAUSE) pauseReason = reason;
    log.warn('caption queue paused', { reason });
    interruptSleepers();
    publish();
  }

  function blockOnBudget(cap: 'daily' | 'monthly' | 'total', message: string): void {
    if (budgetBlock === null) log.warn('caption queue stopped at a budget cap', { cap });
    budgetBlock = { cap, message };
    interruptSleepers();
    publish();
    // A new day or month may reopen the budget: look again now and then.
    budgetRecheck ??= setTimeout(() => {
      budgetRecheck = null;
      budgetBlock = null;
      pump();
      publish();
    }, 60_000);
    budgetRecheck.unref?.();
  }

  function settle(
    ledgerId: number,
    resolved: ResolvedProvider,
    upload: UploadImage,
    result: CaptionCallResult,
    latencyMs: number,
  ): void {
    if (result.kind === 'aborted') return interruptCall(db, ledgerId);
    const usage = result.kind === 'ok' || result.kind === 'bad-output' ? result.usage : null;
    // A provider bills a call that reported usage: a reply was generated, even if it was useless.
    const billed = usage !== null && (usage.inputTokens !== null || usage.reportedCost !== null);
    const price = deps.gate!.priceFor(resolved.provider);
    const computed =
      usage?.inputTokens != null ? tokenCost(price, usage.inputTokens, usage.outputTokens ?? 0) : null;
    const entry: CallOutcome = {
      httpStatus: result.facts.httpStatus,
      latencyMs,
      outcome: result.kind === 'ok' ? 'captioned' : result.kind,
      error: result.kind === 'ok' ? null : result.reason,
      billed,
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      imageTokens: pixtralImageTokens(upload.width, upload.height),
      reportedCost: usage?.reportedCost ?? null,
      cost: usage?.reportedCost ?? computed ?? 0,
      generationId: usage?.generationId ?? null,
    };
    deps.gate!.settle(ledgerId, entry);
  }

  /** Mistral says how much of its 60-second window is left: slow down before it answers 429. */
  function paceByRateHeaders(result: CaptionCallResult): void {
    const { remainingRequests, remainingTokens } = result.facts;
    const usage = result.kind === 'ok' ? result.usage : null;
    const perCall = (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0);
    const lowOnRequests = remainingRequests !== null && remainingRequests <= concurrencyLimit();
    const lowOnTokens =
      remainingTokens !== null && perCall > 0 && remainingTokens < perCall * concurrencyLimit();
    if (!lowOnRequests && !lowOnTokens) return;
    holdUntil = Math.max(holdUntil, Date.now() + PACING_PAUSE_MS);
    throttledConcurrency = Math.max(1, Math.floor(concurrencyLimit() / 2));
    successesSinceThrottle = 0;
    log.info('pacing requests by the rate-limit headers', { remainingRequests, remainingTokens });
  }

  /** The setup check's words for this setup, asked once (a probe that fails says nothing, and never blocks). */
  function checkedSetup(resolved: ResolvedProvider): Promise<string | null> {
    if (!deps.checkSetup) return Promise.resolve(null);
    const fingerprint = setupFingerprint(resolved);
    if (setupCheck?.fingerprint !== fingerprint) {
      const verdict = deps.checkSetup(resolved).catch((error: unknown) => {
        log.warn('provider setup check failed', { error: String(error) });
        return null;
      });
      setupCheck = { fingerprint, verdict };
    }
    return setupCheck.verdict;
  }

  /** Nothing can go with this setup: every photo waits, in words the user also sees in Settings. */
  function pauseForSetup(
    photoId: number,
    attempts: number,
    resolved: ResolvedProvider,
    reason: string,
  ): void {
    requeue(photoId, attempts);
    fatalSetup = setupFingerprint(resolved);
    pauseWith(reason);
  }

  /** Sends one photo until it ends in done, failed or refused, or hands it back to the queue. */
  async function runJob(photoId: number, startAttempts: number): Promise<void> {
    let attempts = startAttempts;
    let transientFailures = 0;
    for (;;) {
      if (stopped || pauseReason !== null || deps.heldBy?.()) return requeue(photoId, attempts);
      const resolved = settings.resolveProvider();
      if ('error' in resolved) {
        providerError = resolved.error;
        return requeue(photoId, attempts);
      }
      const wait = holdUntil - Date.now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      const setupProblem = await checkedSetup(resolved);
      if (setupProblem !== null) return pauseForSetup(photoId, attempts, resolved, setupProblem);
      if (stopped || pauseReason !== null) return requeue(photoId, attempts);

      const path = findReadablePathById(db, photoId);
      if (path === null) {
        return setState(photoId, 'failed', 'no readable copy of this photo was found on disk', attempts);
      }
      let upload: UploadImage;
      try {
        const { uploadMaxPx, uploadMetadata } = settings.tuning();
        upload = await deps.prepareUpload(path, uploadMaxPx, { keepMetadata: uploadMetadata });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return setState(photoId, 'failed', `the image could not be prepared for upload: ${reason}`, attempts);
      }
      if (stopped || pauseReason !== null || budgetBlock !== null || deps.heldBy?.()) {
        return requeue(photoId, attempts);
      }

      // The budget's door: reserve the most this call can cost, or wait for approval or a raised cap.
      let ledgerId: number | null = null;
      if (deps.gate) {
        const job = statements.jobFacts.get(photoId) as
          | {
              hash: string;
              width: number | null;
              height: number | null;
              approved: number;
              origin: 'scan' | 'watch';
            }
          | undefined;
        if (!job) return;
        const admission = deps.gate.admit(
          {
            photoId,
            photoHash: job.hash,
            width: job.width,
            height: job.height,
            approved: job.approved === 1,
            origin: job.origin,
            attempt: attempts + transientFailures + 1,
          },
          resolved.provider,
          resolved.model,
        );
        if (!admission.ok) {
          if (admission.reason === 'awaiting-approval') statements.needApproval.run(photoId);
          else blockOnBudget(admission.cap, admission.message);
          return requeue(photoId, attempts);
        }
        ledgerId = admission.ledgerId;
      }

      const sentAt = Date.now();
      const outcome = await requestCaption(resolved, upload.dataUrl, {
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs,
        signal: abort.signal,
        context: settings.tuning().promptWithExisting ? ownersWords(photoId) : null,
      });
      const latencyMs = Date.now() - sentAt;
      if (outcome.kind === 'ok') {
        // The bill and the caption are one write: a crash between the two would send the photo again.
        db.transaction(() => {
          if (ledgerId !== null) settle(ledgerId, resolved, upload, outcome, latencyMs);
          storeResult(photoId, resolved, outcome);
        })();
      } else if (ledgerId !== null) {
        settle(ledgerId, resolved, upload, outcome, latencyMs);
      }
      paceByRateHeaders(outcome);
      if (outcome.kind !== 'transient' && outcome.kind !== 'aborted' && offlineReason !== null) {
        offlineReason = null;
        publish();
      }

      switch (outcome.kind) {
        case 'ok': {
          log.info('captioned photo', { photoId, generationId: outcome.usage.generationId });
          if (throttledConcurrency !== null && ++successesSinceThrottle >= SUCCESSES_PER_STEP_UP) {
            successesSinceThrottle = 0;
            throttledConcurrency += 1;
            if (throttledConcurrency >= settings.tuning().concurrency) throttledConcurrency = null;
          }
          events.emit('photos.changed', { count: 1 });
          return;
        }
        case 'aborted':
          return requeue(photoId, attempts);
        case 'rate-limited': {
          // Retry-After when given, otherwise our own backoff; and fewer parallel requests for a while.
          const delay = outcome.retryAfterMs ?? backoffMs(transientFailures++);
          holdUntil = Math.max(holdUntil, Date.now() + delay);
          const current = concurrencyLimit();
          throttledConcurrency = Math.max(1, Math.floor(current / 2));
          successesSinceThrottle = 0;
          log.warn('rate limited', { photoId, delayMs: delay, concurrency: throttledConcurrency });
          publish();
          continue;
        }
        case 'transient': {
          // Network trouble and 5xx are retried without limit: the photo is fine, the road is blocked.
          offlineReason = outcome.network ? OFFLINE : `${outcome.reason}, retrying`;
          publish();
          await sleep(backoffMs(transientFailures++));
          continue;
        }
        case 'credits':
          requeue(photoId, attempts);
          pauseWith(outcome.reason);
          return;
        case 'fatal':
          return pauseForSetup(photoId, attempts, resolved, outcome.reason);
        case 'model-unavailable': {
          pauseForSetup(photoId, attempts, resolved, outcome.reason);
          // The model went away since the last check: ask again, for the words that name alternatives.
          setupCheck = null;
          const fingerprint = setupFingerprint(resolved);
          const better = await checkedSetup(resolved);
          if (better !== null && fatalSetup === fingerprint && pauseReason === outcome.reason) {
            pauseReason = better;
            publish();
          }
          return;
        }
        case 'refused':
          return setState(photoId, 'refused', outcome.reason, attempts + 1);
        case 'bad-output': {
          attempts += 1;
          if (attempts >= maxBadOutputAttempts) {
            return setState(photoId, 'failed', `${outcome.reason} (after ${attempts} attempts)`, attempts);
          }
          statements.setJobState.run('running', outcome.reason, attempts, isoNow(clock), photoId);
          await sleep(backoffMs(attempts - 1));
          continue;
        }
      }
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopped = false;
      abort = new AbortController();
      // Jobs a crash left 'running' were never stored: send them again.
      db.transaction(() => {
        statements.requeueCrashed.run(isoNow(clock));
        statements.requeueCrashedPhotos.run();
        markInterruptedCalls(db);
      })();
      pump();
      publish();
    },
    async stop() {
      stopped = true;
      if (budgetRecheck) clearTimeout(budgetRecheck);
      budgetRecheck = null;
      abort.abort();
      interruptSleepers();
      await Promise.allSettled([...workers]);
      started = false;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
    wake() {
      if (!started || stopped) return;
      if (strandedByFullDisk && activeWorkers === 0 && !deps.heldBy?.()) {
        try {
          db.transaction(() => {
            statements.requeueCrashed.run(isoNow(clock));
            statements.requeueCrashedPhotos.run();
          })();
          strandedByFullDisk = false;
        } catch (error) {
          log.warn('could not queue stranded captions again yet', { error: String(error) });
        }
      }
      // Settings changed (a cap raised, a provider chosen): look at the budget again.
      budgetBlock = null;
      if (fatalSetup !== null && pauseReason !== null) {
        const resolved = settings.resolveProvider();
        if ('error' in resolved || setupFingerprint(resolved) !== fatalSetup) {
          fatalSetup = null;
          pauseReason = null;
        }
      }
      pump();
      publish();
    },
    pause() {
      pauseReason = USER_PAUSE;
      fatalSetup = null;
      interruptSleepers();
      const current = publish();
      checkIdle();
      return current;
    },
    resume() {
      pauseReason = null;
      fatalSetup = null;
      // The user may have fixed it at the provider's end: look again before the next photo.
      setupCheck = null;
      offlineReason = null;
      pump();
      return publish();
    },
    retryFailed() {
      db.transaction(() => {
        statements.retryFailedJobs.run(isoNow(clock));
        statements.retryFailedPhotos.run();
      })();
      pump();
      return publish();
    },
    approve(folderId) {
      if (folderId === undefined) statements.approveAll.run();
      else statements.approveFolder.run(folderId);
      pump();
      return publish();
    },
    recaption(photoId) {
      const queued = db.transaction(() => {
        const exists = statements.photoExists.get(photoId);
        if (!exists) return false;
        const now = isoNow(clock);
        db.prepare(
          `INSERT INTO caption_jobs (photo_id, state, updated_at, approved, origin) VALUES (?, 'queued', ?, 1, 'scan')
           ON CONFLICT (photo_id) DO UPDATE SET approved = 1, attempts = CASE WHEN state = 'running' THEN attempts ELSE 0 END,
             state = CASE WHEN state = 'running' THEN state ELSE 'queued' END, last_error = NULL, updated_at = excluded.updated_at`,
        ).run(photoId, now);
        db.prepare(
          `UPDATE photos SET caption_status = 'queued', caption_error = NULL WHERE id = ? AND caption_status <> 'running'`,
        ).run(photoId);
        return true;
      })();
      if (!queued) throw new UserError('This photo is no longer in the catalogue.');
      pump();
      return publish();
    },
    status,
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
  };
}

function setupFingerprint(resolved: ResolvedProvider): string {
  return JSON.stringify([resolved.provider, resolved.baseUrl, resolved.model, resolved.apiKey]);
}
