import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { QueueStatus } from '../../../shared/types';
import { findReadablePathById } from '../stores/photosStore';
import { userCaptionOf } from '../stores/captionsStore';
import { userTagsOf } from '../stores/tagsStore';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import type { ResolvedProvider, SettingsStore } from '../settings/settingsStore';
import { markInterruptedCalls } from '../spend/ledger';
import type { SpendGate } from '../spend/spendGate';
import { backoffDelay, createSleepers, DEFAULT_BACKOFF, type BackoffSettings } from './backoff';
import { BlockState, OFFLINE, setupFingerprint, USER_PAUSE, type BudgetCap } from './blockState';
import { createBatchRunner, type BatchRunner } from './batch/batchRunner';
import { createModelChain } from './modelChain';
import { createJobStore, type ClaimFilter, type JobOrigin } from './jobStore';
import { createOutcomeRecorder, type CaptionStoredListener, type UploadImage } from './outcomes';
import { existingWordsContext } from './prompt';
import { requestCaption } from './providerClient';
import { createRateGovernor } from './rateGovernor';
import { createThroughputMeter } from './throughput';
import { createUploadPrefetch, type UploadSettings } from './uploadPrefetch';
import { createStatusPublisher } from './statusPublisher';

export type { UploadImage } from './outcomes';

/** The longest a round's next uploads wait before they are prepared: past its answers, well before it ends. */
const MAX_FILL_DELAY_MS = 150;

/** OpenRouter (`models`) and Vercel (`providerOptions.gateway.models`) try the fallbacks on their side. */
function routesFallbacksItself(resolved: ResolvedProvider): boolean {
  return (
    (resolved.provider === 'openrouter' || resolved.provider === 'vercel') &&
    (resolved.fallbacks ?? []).length > 0
  );
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
  backoff?: BackoffSettings;
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
  /** Least time between two pushed status events while work goes on (method replies are always fresh). */
  statusIntervalMs?: number;
  /** How often a running caption batch is asked about (real time). */
  batchPollMs?: number;
}

export interface CaptionQueue {
  start(): void;
  stop(): Promise<void>;
  /** New jobs or changed settings: look for work. Cheap: called once per photo a scan adds. */
  wake(): void;
  pause(): QueueStatus;
  resume(): QueueStatus;
  retryFailed(): QueueStatus;
  /** The user said yes to the estimate: caption what waits for approval (in one folder, or all). */
  approve(folderId?: number): QueueStatus;
  /** The user asked for a fresh caption of one photo: queued as approved; their own words stay (see modelOutput). */
  recaption(photoId: number): QueueStatus;
  /** Creates caption jobs for these photos (those without one); returns how many were created. */
  enqueue(photoIds: readonly number[], origin?: JobOrigin): number;
  /** "Re-caption everything model X wrote": queued, waiting for approval of the estimate. */
  recaptionModel(model: string): { queued: number; status: QueueStatus };
  /** Each model that wrote captions, with its photo count, for review's filter. */
  captionModels(): { model: string; photos: number }[];
  /** Called after each caption is stored (committed); returns the unsubscribe. */
  onCaptionStored(listener: CaptionStoredListener): () => void;
  status(): QueueStatus;
  whenIdle(): Promise<void>;
  /** The batch route: the same jobs as one job of the provider's batch API. */
  batches: Pick<BatchRunner, 'submit' | 'list' | 'cancel' | 'pollNow'>;
}

/**
 * The caption queue's workers. Jobs live in the job store (the library adds them with the photo); workers take
 * one job each and own every retry of it (the SDK does not retry). Each outcome of a call maps to one reaction:
 * see runJob's switch. Pacing lives in the rate governor, the reasons for not sending in the block state.
 */
export function createCaptionQueue(deps: CaptionQueueDeps): CaptionQueue {
  const { db, events, clock, log, settings } = deps;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const maxBadOutputAttempts = deps.maxBadOutputAttempts ?? 3;
  const jobs = createJobStore(db, clock);
  const recorder = createOutcomeRecorder({ db, clock, jobs, gate: deps.gate, log });
  const block = new BlockState();
  const governor = createRateGovernor(() => settings.tuning().concurrency, log);
  const models = createModelChain(log);
  const pace = createThroughputMeter();
  const prefetch = createUploadPrefetch({
    makeUpload: (path, upload) =>
      deps.prepareUpload(path, upload.maxSide, { keepMetadata: upload.keepMetadata }),
    upcoming: (count, evenAwaitingApproval) =>
      jobs.upcoming(evenAwaitingApproval ? { ...claimFilter(), open: 1 } : claimFilter(), count),
    pathOf: (photoId) => findReadablePathById(db, photoId),
  });
  function uploadSettings(): UploadSettings {
    const { uploadMaxPx, uploadMetadata } = settings.tuning();
    return { maxSide: uploadMaxPx, keepMetadata: uploadMetadata };
  }

  let started = false;
  let stopped = false;
  let budgetRecheck: NodeJS.Timeout | null = null;
  let activeWorkers = 0;
  /** Jobs whose outcome could not be stored for want of disk space: still 'running' in the table. */
  let strandedByFullDisk = false;
  const workers = new Set<Promise<void>>();
  const sleepers = createSleepers(() => stopped);
  const idleWaiters: (() => void)[] = [];
  let abort = new AbortController();
  /** Numbers each status snapshot, so windows can tell a late reply from a newer event. */
  let revision = 0;
  /** How long the newest call took to come back: how long the next uploads may wait to be prepared. */
  let lastCallMs = 0;
  /** The verdict of checkSetup for one setup, shared by every worker that needs it. */
  let setupCheck: { fingerprint: string; verdict: Promise<string | null> } | null = null;

  /** The caption and tags the user gave the photo (written or imported), for a prompt that asks for them. */
  function ownersWords(photoId: number): string | null {
    return existingWordsContext(userCaptionOf(db, photoId), userTagsOf(db, photoId));
  }

  type Resolution = ReturnType<SettingsStore['resolveProvider']>;

  /** The provider as resolved in this turn of the event loop, if anything asked yet. */
  let resolvedThisTurn: Resolution | null = null;

  /**
   * The provider, resolved once per turn: one call (approve, a worker finishing) pumps, checks for idle and
   * publishes a status, and each would otherwise read the settings and the key store again. Settings change
   * between turns, never inside one without a `wake()`, which resolves afresh (`settingsChanged`).
   */
  function currentProvider(): Resolution {
    if (resolvedThisTurn === null) {
      resolvedThisTurn = settings.resolveProvider();
      queueMicrotask(() => (resolvedThisTurn = null));
    }
    return resolvedThisTurn;
  }

  /** Settings changed: the next question resolves the provider again, even in this turn. */
  function settingsChanged(): Resolution {
    resolvedThisTurn = null;
    return currentProvider();
  }

  /** Which jobs may go with this setup; callers that already resolved the provider pass it (a wake is cheap). */
  function claimFilter(resolved: Resolution = currentProvider()): ClaimFilter {
    return { open: openToAll(resolved) ? 1 : 0, cloud: 'error' in resolved || resolved.cloud ? 1 : 0 };
  }

  /** True when sending costs nothing or spend control is off: then no job waits for approval. */
  function openToAll(resolved: Resolution): boolean {
    if (!deps.gate) return true;
    return 'error' in resolved ? false : deps.gate.isFree(resolved.provider);
  }

  function held(): string | null {
    return deps.heldBy?.() ?? null;
  }

  function status(): QueueStatus {
    revision += 1;
    const perMinute = pace.perMinute();
    return {
      ...(perMinute === null ? {} : { photosPerMinute: perMinute }),
      revision,
      paused: block.pauseReason !== null,
      blockedReason: block.reason(held(), governor.isHolding()),
      ...jobs.counts(claimFilter()),
      offline: block.offlineReason !== null,
      budgetCap: block.budgetBlock?.cap ?? null,
    };
  }

  const batches = deps.gate
    ? createBatchRunner({
        db,
        clock,
        log,
        settings,
        gate: deps.gate,
        recorder,
        prepareUpload: deps.prepareUpload,
        onChange: () => {
          events.emit('photos.changed', { count: 1 });
          pump();
          publishSoon();
        },
        ...(deps.batchPollMs === undefined ? {} : { pollMs: deps.batchPollMs }),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      })
    : null;
  function noBatches(): never {
    throw new UserError('The batch route needs spend control, which this setup lacks.');
  }

  const publisher = createStatusPublisher({
    snapshot: status,
    emit: (current) => events.emit('queue.status', current),
    intervalMs: deps.statusIntervalMs ?? 250,
  });
  /** A change the user must see now (a pause, a block): pushed at once. */
  const publish = (): QueueStatus => publisher.now();
  /** Routine progress (a job claimed or finished, a photo added): pushed at most once per interval. */
  const publishSoon = (): void => publisher.soon();

  function blocked(): boolean {
    return stopped || !started || block.stopsSending(held());
  }

  function checkIdle(): void {
    if (idleWaiters.length === 0) return;
    const nothingRunnable = activeWorkers === 0 && (blocked() || !jobs.hasRunnable(claimFilter()));
    if (!nothingRunnable) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function pump(resolved: Resolution = currentProvider()): void {
    if (stopped || !started) return;
    if (block.pauseReason === null) {
      const nextError = 'error' in resolved ? resolved.error : null;
      if (nextError !== block.providerError) {
        block.providerError = nextError;
        publish();
      }
    }
    let claimed = 0;
    const filter = claimFilter(resolved);
    while (!blocked() && activeWorkers < governor.concurrencyLimit()) {
      const job = jobs.claimNext(filter);
      if (!job) break;
      claimed += 1;
      // A claimed job starts encoding now: at the start of a run or after a pause this runs beside the setup
      // check instead of after it (a worker fills the prefetch for the jobs after it only once admitted).
      prefetch.warm(job.photoId, uploadSettings());
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
            jobs.setState(job.photoId, 'failed', `internal error: ${String(error)}`, job.attempts);
          } catch {
            // the database may be closed during shutdown
          }
        })
        .finally(() => {
          activeWorkers -= 1;
          workers.delete(worker);
          if (!stopped) {
            pump();
            publishSoon();
          }
          checkIdle();
        });
      workers.add(worker);
    }
    if (claimed > 0) publishSoon();
    else if (activeWorkers === 0) prepareFirstRound(resolved);
    checkIdle();
  }

  /**
   * While nothing may go yet (the queue paused, photos waiting for the user's yes on an estimate), the first
   * round's uploads are encoded, so when the user says go every request leaves at once instead of waiting for
   * sharp. Encoding spends and sends nothing; one round is held, and nothing is prepared past a budget cap.
   */
  function prepareFirstRound(resolved: Resolution): void {
    if ('error' in resolved || block.budgetBlock !== null || block.fatalSetup !== null || held()) return;
    const round = governor.concurrencyLimit();
    // Once a round is held, a wake per scanned photo costs no query.
    if (prefetch.held() >= round) return;
    prefetch.fill(round, uploadSettings(), true);
  }

  function pauseWith(reason: string): void {
    block.pause(reason);
    log.warn('caption queue paused', { reason });
    sleepers.interruptAll();
    publish();
  }

  function blockOnBudget(cap: BudgetCap, message: string): void {
    if (block.budgetBlock === null) log.warn('caption queue stopped at a budget cap', { cap });
    block.budgetBlock = { cap, message };
    sleepers.interruptAll();
    publish();
    // A new day or month may reopen the budget: look again now and then.
    budgetRecheck ??= setTimeout(() => {
      budgetRecheck = null;
      block.budgetBlock = null;
      pump();
      publish();
    }, 60_000);
    budgetRecheck.unref?.();
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
    jobs.requeue(photoId, attempts);
    block.fatalSetup = setupFingerprint(resolved);
    pauseWith(reason);
  }

  function mustHandBack(): boolean {
    return stopped || block.pauseReason !== null || held() !== null;
  }

  /** Sends one photo until it ends in done, failed or refused, or hands it back to the queue. */
  async function runJob(photoId: number, startAttempts: number): Promise<void> {
    let attempts = startAttempts;
    let transientFailures = 0;
    for (;;) {
      if (mustHandBack()) return jobs.requeue(photoId, attempts);
      const base = settings.resolveProvider();
      if ('error' in base) {
        block.providerError = base.error;
        return jobs.requeue(photoId, attempts);
      }
      const resolved = models.current(base);
      const wait = governor.waitMs();
      if (wait > 0) {
        await sleepers.sleep(wait);
        continue;
      }
      const setupProblem = await checkedSetup(resolved);
      // A gateway that routes fallbacks itself is asked anyway: the list may serve what the model cannot.
      if (setupProblem !== null && !routesFallbacksItself(resolved)) {
        // The check names what this model lacks: a fallback may have it (it is checked in turn).
        if (models.switchAfterUnavailable(base, resolved.model)) continue;
        return pauseForSetup(photoId, attempts, resolved, setupProblem);
      }
      if (stopped || block.pauseReason !== null) return jobs.requeue(photoId, attempts);

      const path = findReadablePathById(db, photoId);
      if (path === null) {
        return jobs.setState(photoId, 'failed', 'no readable copy of this photo was found on disk', attempts);
      }
      let upload: UploadImage;
      try {
        upload = await prefetch.take(photoId, path, uploadSettings());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return jobs.setState(
          photoId,
          'failed',
          `the image could not be prepared for upload: ${reason}`,
          attempts,
        );
      }
      if (mustHandBack() || block.budgetBlock !== null) return jobs.requeue(photoId, attempts);

      // The budget's door: reserve the most this call can cost, or wait for approval or a raised cap.
      let ledgerId: number | null = null;
      if (deps.gate) {
        const job = jobs.facts(photoId);
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
          if (admission.reason === 'awaiting-approval') jobs.markNeedsApproval(photoId);
          else blockOnBudget(admission.cap, admission.message);
          return jobs.requeue(photoId, attempts);
        }
        ledgerId = admission.ledgerId;
      }

      // While this call is out, the next photos get ready: about one per parallel request, a tenth of a call's
      // time later (see fillSoon), which leaves them most of it.
      prefetch.fillSoon(
        governor.concurrencyLimit(),
        uploadSettings(),
        Math.min(MAX_FILL_DELAY_MS, lastCallMs / 10),
      );
      const sentAt = Date.now();
      const outcome = await requestCaption(resolved, upload.dataUrl, {
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs,
        signal: abort.signal,
        context: settings.tuning().promptWithExisting ? ownersWords(photoId) : null,
        maxPrice:
          deps.gate && !deps.gate.isFree(resolved.provider) ? deps.gate.priceFor(resolved.provider) : null,
      });
      lastCallMs = Date.now() - sentAt;
      recorder.record(photoId, ledgerId, resolved.provider, upload, outcome, lastCallMs);
      governor.paceByRateHeaders(outcome);
      if (outcome.kind !== 'transient' && outcome.kind !== 'aborted' && block.offlineReason !== null) {
        block.offlineReason = null;
        publish();
      }

      switch (outcome.kind) {
        case 'ok': {
          log.info('captioned photo', { photoId, generationId: outcome.usage.generationId });
          governor.onSuccess();
          pace.note();
          models.noteSuccess(base);
          events.emit('photos.changed', { count: 1 });
          return;
        }
        case 'aborted':
          return jobs.requeue(photoId, attempts);
        case 'rate-limited': {
          // Retry-After when given, otherwise our own backoff; and fewer parallel requests for a while.
          const delay = outcome.retryAfterMs ?? backoffDelay(backoff, transientFailures++, random);
          const concurrency = governor.onRateLimited(delay);
          log.warn('rate limited', { photoId, delayMs: delay, concurrency });
          publish();
          continue;
        }
        case 'transient': {
          // Network trouble and 5xx are retried without limit: the photo is fine, the road is blocked.
          block.offlineReason = outcome.network ? OFFLINE : `${outcome.reason}, retrying`;
          publish();
          if (!outcome.network && models.noteServerFailure(base, resolved.model)) continue;
          await sleepers.sleep(backoffDelay(backoff, transientFailures++, random));
          continue;
        }
        case 'credits':
          jobs.requeue(photoId, attempts);
          pauseWith(outcome.reason);
          return;
        case 'fatal':
          return pauseForSetup(photoId, attempts, resolved, outcome.reason);
        case 'model-unavailable': {
          if (models.switchAfterUnavailable(base, resolved.model)) continue;
          pauseForSetup(photoId, attempts, resolved, outcome.reason);
          // The model went away since the last check: ask again, for the words that name alternatives.
          setupCheck = null;
          const fingerprint = setupFingerprint(resolved);
          const better = await checkedSetup(resolved);
          if (better !== null && block.fatalSetup === fingerprint && block.pauseReason === outcome.reason) {
            block.pauseReason = better;
            publish();
          }
          return;
        }
        case 'refused':
          return jobs.setState(photoId, 'refused', outcome.reason, attempts + 1);
        case 'bad-output': {
          attempts += 1;
          if (attempts >= maxBadOutputAttempts) {
            return jobs.setState(
              photoId,
              'failed',
              `${outcome.reason} (after ${attempts} attempts)`,
              attempts,
            );
          }
          jobs.noteRetry(photoId, outcome.reason, attempts);
          await sleepers.sleep(backoffDelay(backoff, attempts - 1, random));
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
        jobs.requeueCrashed();
        markInterruptedCalls(db);
      })();
      batches?.start();
      pump();
      publish();
    },
    async stop() {
      stopped = true;
      await batches?.stop();
      if (budgetRecheck) clearTimeout(budgetRecheck);
      budgetRecheck = null;
      publisher.cancel();
      prefetch.clear();
      abort.abort();
      sleepers.interruptAll();
      await Promise.allSettled([...workers]);
      started = false;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
    wake() {
      if (!started || stopped) return;
      if (strandedByFullDisk && activeWorkers === 0 && !held()) {
        try {
          jobs.requeueCrashed();
          strandedByFullDisk = false;
        } catch (error) {
          log.warn('could not queue stranded captions again yet', { error: String(error) });
        }
      }
      // Settings changed (a cap raised, a provider chosen): look at the budget again.
      block.budgetBlock = null;
      const base = settingsChanged();
      block.liftIfSetupChanged('error' in base ? base : models.current(base));
      pump(base);
      publishSoon();
    },
    pause() {
      block.pauseReason = USER_PAUSE;
      block.fatalSetup = null;
      sleepers.interruptAll();
      const current = publish();
      checkIdle();
      return current;
    },
    resume() {
      block.pauseReason = null;
      block.fatalSetup = null;
      // The user may have fixed it at the provider's end: look again before the next photo.
      setupCheck = null;
      block.offlineReason = null;
      pump();
      return publish();
    },
    retryFailed() {
      jobs.retryFailed();
      pump();
      return publish();
    },
    approve(folderId) {
      jobs.approve(folderId);
      pump();
      return publish();
    },
    recaption(photoId) {
      if (!jobs.recaption(photoId)) throw new UserError('This photo is no longer in the catalogue.');
      pump();
      return publish();
    },
    enqueue(photoIds, origin = 'scan') {
      const created = jobs.enqueue(photoIds, origin);
      if (created > 0) {
        pump();
        publishSoon();
      }
      return created;
    },
    recaptionModel(model) {
      const queued = jobs.recaptionModel(model);
      pump();
      return { queued, status: publish() };
    },
    captionModels: () => jobs.captionModels(),
    onCaptionStored: (listener) => recorder.onCaptionStored(listener),
    batches: {
      submit: (limit) => (batches ?? noBatches()).submit(limit),
      list: () => batches?.list() ?? [],
      cancel: (id) => (batches ?? noBatches()).cancel(id),
      pollNow: () => batches?.pollNow() ?? Promise.resolve(),
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
