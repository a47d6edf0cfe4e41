import { existsSync, realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { UserError } from '../../../shared/contract';
import type { Folder } from '../../../shared/types';
import { inBatches } from '../batches';
import {
  mergeSearchIndexStep,
  restoreSearchIndexMerging,
  withSearchIndexMergingPaused,
} from '../stores/searchIndexMerging';
import { isoNow } from '../clock';
import { createCatalogueStore, type KnownFile } from './catalogueStore';
import { newFolderRuntime, toFolder, type FolderRuntime } from './folderState';
import { systemRefusalOf, validateNewFolder } from './folderRules';
import { createIngester, type JobOrigin } from './ingest';
import { walkWhileWatcherStarts } from './catchUpWalk';
import { readKnownFiles } from './knownFiles';
import { createOrphanGrace } from './orphanGrace';
import { forgetUnmet } from './forgetUnmet';
import { createFolderSweep, DEFAULT_SWEEP, watchTroubleOf } from './folderSweep';
import { recheckFolder } from './recheckFolder';
import { isInside, isSameOrInsideNormalised } from './paths';
import { isSidecarName, photosOfSidecar } from './sidecars';
import { isSkippedName } from './skip';
import { measureTree, type TreeLimits, type TreeRules } from './walk';
import { PROGRESS_INTERVAL_MS, walkAndIngest } from './walkAndIngest';
import { watchWithChokidar } from './watcher';
import { WorkQueue } from './workQueue';
import { ByteBudget } from './byteBudget';
import { WHOLE_READ_MAX_BYTES } from './hashFile';
import type { Library, LibraryDeps } from './library';

export { isSkippedName } from './skip';
export type { JobOrigin, LibraryImaging } from './ingest';
export type { FolderWatchEvents, FolderWatcher, WatchFolder } from './watcher';
export type { Library, LibraryDeps, LibraryDisk } from './library';

const DEFAULT_WRITE_FINISH_MS = 2000;
const DEFAULT_ORPHAN_GRACE_MS = 10 * 60_000;
const DEFAULT_LARGE_TREE: TreeLimits = { entries: 500_000, folders: 50_000 };
/** Locations forgotten in the first batch of a folder's removal; later batches are sized from its time. */
const REMOVAL_FIRST_BATCH = 20;
/**
 * Photos ingested side by side: a small photo spends most of its time waiting for the disk, the worker and the
 * thread pool between short bursts of CPU, and the main thread commits a batch of them at a time. With four in
 * flight a fifth of both cores idled through a scan, with sixteen an eighth (figures in the README's "Large
 * libraries"). What they may hold is bounded by bytes (BYTES_IN_FLIGHT), not by their count.
 */
const INGEST_CONCURRENCY = Number(process.env.SHOEBOX_INGEST_CONCURRENCY) || 16;
/** The bytes the photos in flight hold at once: sixteen small photos, or four originals of 16 MB. */
const BYTES_IN_FLIGHT = 4 * WHOLE_READ_MAX_BYTES;

/**
 * New photos gather for one commit for up to this long (ms), or until this many wait: a commit each turn took
 * one or two photos, and a small photo's catalogue writes cost three times as much so (see GatherOptions). A
 * photo waiting for its commit holds no bytes and gives its place in flight to the next file. Sixteen, not
 * more: a batch's writes and grouping hold the API for its length (about 8 ms for sixteen small photos), for
 * 0.07 ms a photo more than 64 would cost.
 */
const NEW_PHOTOS_GATHER = { gatherMs: 50, maxWrites: 16 };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export function createLibrary(deps: LibraryDeps): Library {
  const { events, clock, log, imaging, disk } = deps;
  const store = createCatalogueStore(deps.db);
  const writeFinishMs = deps.writeFinishMs ?? DEFAULT_WRITE_FINISH_MS;
  const largeTreeLimits = deps.largeTree ?? DEFAULT_LARGE_TREE;
  const watchFolder = deps.watchFolder ?? watchWithChokidar;
  const dataDir = deps.dataDir === undefined ? null : realOrResolved(deps.dataDir);
  const work = new WorkQueue(INGEST_CONCURRENCY, NEW_PHOTOS_GATHER.maxWrites);
  const runtimes = new Map<number, FolderRuntime>();
  const pending = new Set<Promise<unknown>>();
  const scans = new Map<number, Promise<void>>();
  /** Folders whose catch-up is waiting for the user's answer about their size: caught up as far as it goes. */
  const waitingForAnswer = new Map<number, () => void>();
  let caughtUp: Promise<void> = Promise.resolve();
  let stopped = false;

  const rules: TreeRules = {
    isSkipped: (path, name) =>
      isSkippedName(name) || (dataDir !== null && isSameOrInsideNormalised(path, dataDir)),
    isCandidate: (name) => imaging.isCandidateImageName(name),
  };
  const watchedRules: TreeRules = {
    ...rules,
    isCandidate: (name) => imaging.isCandidateImageName(name) || isSidecarName(name),
  };

  const orphans = createOrphanGrace({
    store,
    graceMs: deps.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS,
    log,
    onRemoved: () => changedSoon(1),
  });
  const ingester = createIngester({
    store,
    imaging,
    clock,
    log,
    orphans,
    disk,
    cancelled: (folderId) => stopped || runtimes.get(folderId)?.removed === true,
    onNewJobs: () => deps.onNewJobs(),
    grouping: deps.grouping,
    hashFile: deps.hashFile,
    readPhoto: deps.readPhoto,
    batch: NEW_PHOTOS_GATHER,
    waitAside: (waiting) => work.stepAside(waiting),
    bytesInFlight: new ByteBudget(deps.bytesInFlight ?? BYTES_IN_FLIGHT),
  });

  const walkDeps = { rules, work, ingester, events, clock, log, rereadExisting, photosChanged };
  const sweepOptions = { ...DEFAULT_SWEEP, ...deps.sweep };
  const sweep = createFolderSweep(
    {
      recheck: (folderId, dir, isKnownFolder, cancelled) =>
        recheckFolder(
          { ...walkDeps, store, orphans, diskFull: () => disk?.full === true },
          folderId,
          dir,
          isKnownFolder,
          () => cancelled() || stopped || runtime(folderId).removed,
        ),
      forgetDir: (_folderId, dir) => removeDir(dir),
      rootGone: (folderId) => void lostRoot(folderId),
      log,
    },
    sweepOptions,
  );

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    void promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  }

  function runtime(id: number): FolderRuntime {
    let r = runtimes.get(id);
    if (!r) {
      r = newFolderRuntime();
      runtimes.set(id, r);
    }
    return r;
  }

  function listFolders(): Folder[] {
    const diskMessage = disk?.message() ?? null;
    return store
      .folders()
      .map((row) => toFolder(row, store.folderCounts(row.id), runtime(row.id), diskMessage));
  }

  function foldersChanged(): void {
    events.emit('folders.changed', listFolders());
  }

  function photosChanged(count: number): void {
    if (count > 0) events.emit('photos.changed', { count });
  }

  // Watcher events come in bursts (a camera card copied in): tell the UI once per burst, not per file.
  let burstCount = 0;
  let burstTimer: NodeJS.Timeout | null = null;
  function changedSoon(count: number): void {
    burstCount += count;
    if (burstTimer) return;
    burstTimer = setTimeout(flushBurst, PROGRESS_INTERVAL_MS);
    burstTimer.unref();
  }
  function flushBurst(): void {
    if (burstTimer) clearTimeout(burstTimer);
    burstTimer = null;
    const count = burstCount;
    burstCount = 0;
    if (stopped) return;
    photosChanged(count);
    foldersChanged();
  }

  function removeFile(path: string): void {
    try {
      const photoId = store.deleteFile(path);
      if (photoId === undefined) return;
      orphans.schedule(photoId);
      changedSoon(1);
    } catch (error) {
      log.error('could not forget a removed file', { path, error: errorMessage(error) });
    }
  }

  /** Returns how many photos the folder's files showed. */
  function removeDir(dir: string): number {
    try {
      const photoIds = store.deleteFilesUnder(dir, sep);
      for (const photoId of photoIds) orphans.schedule(photoId);
      changedSoon(Math.max(photoIds.length, 1));
      return photoIds.length;
    } catch (error) {
      log.error('could not forget a removed folder', { dir, error: errorMessage(error) });
      return 0;
    }
  }

  /**
   * A sidecar written or changed while Shoebox watches (Lightroom or digiKam saving keywords): the photos it
   * belongs to read their own words again. `photo.jpg.xmp` is photo.jpg's; `photo.xmp` is any `photo.<ext>`'s.
   */
  function sidecarChanged(path: string): void {
    const photos = photosOfSidecar(store, path);
    for (const photo of photos) {
      void track(
        work.run(async () => {
          await rereadExisting(photo).catch((error: unknown) =>
            log.warn('could not read a changed sidecar', { path, error: errorMessage(error) }),
          );
          changedSoon(1);
        }),
      );
    }
  }

  function ingestInBackground(folderId: number, path: string, force: boolean, origin: JobOrigin): void {
    void track(
      work.run(async () => {
        const outcome = await ingester.ingest(folderId, path, force, origin);
        if (outcome !== 'skipped' && outcome !== 'gone' && outcome !== 'deferred') changedSoon(1);
      }),
    );
  }

  function watchedChange(folderId: number, path: string, force: boolean): void {
    if (isSidecarName(basename(path))) return sidecarChanged(path);
    if (!imaging.isCandidateImageName(basename(path))) return;
    // One line per file the watcher reports (rare beside a scan's): what a user reads when a photo seems missed.
    log.info('a watched folder changed', { path, kind: force ? 'changed' : 'added' });
    ingestInBackground(folderId, path, force, 'watch');
  }

  async function startWatcher(folderId: number, root: string): Promise<void> {
    const r = runtime(folderId);
    if (r.watcher || r.removed || stopped) return;
    r.watchTrouble = null;
    // Each event also tells the safety net: a burst is when a watcher's queue may overflow.
    const watcher = watchFolder(
      root,
      watchedRules,
      {
        added: (path) => {
          sweep.nudge();
          watchedChange(folderId, path, false);
        },
        changed: (path) => {
          sweep.nudge();
          watchedChange(folderId, path, true);
        },
        removed: (path) => {
          sweep.nudge();
          if (rootGone(root)) void lostRoot(folderId);
          else removeFile(path);
        },
        removedDir: (path) => {
          sweep.nudge();
          if (path === root || rootGone(root)) void lostRoot(folderId);
          else removeDir(path);
        },
        error: (error) => watcherFailed(folderId, root, error),
      },
      { writeFinishMs },
    );
    r.watcher = watcher;
    await watcher.ready;
  }

  /** Told once per watcher (a watcher at the system's limit fails for every folder past it). */
  function watcherFailed(folderId: number, root: string, error: unknown): void {
    const r = runtime(folderId);
    if (r.watchTrouble !== null) return;
    log.error('folder watcher error', { root, error: errorMessage(error) });
    r.watchTrouble = watchTroubleOf(error, sweepOptions);
    foldersChanged();
  }

  // An unplugged drive must not read as "every photo deleted": keep the rows, call the folder missing.
  function rootGone(root: string): boolean {
    return !existsSync(root);
  }

  async function lostRoot(folderId: number): Promise<void> {
    await closeWatcher(folderId);
    markMissing(folderId);
  }

  function markMissing(folderId: number): void {
    const r = runtime(folderId);
    r.state = 'missing';
    r.error = 'The folder is missing (disconnected drive?). Rescan once it is back.';
    foldersChanged();
  }

  async function closeWatcher(folderId: number): Promise<void> {
    sweep.forget(folderId);
    const r = runtimes.get(folderId);
    const watcher = r?.watcher;
    if (!r || !watcher) return;
    r.watcher = null;
    // Beside the folder's state, which says why: a photo copied in from now on waits for the next scan.
    if (!stopped) log.info('stopped watching a folder', { folderId, state: r.state });
    await watcher.close();
  }

  /**
   * A rescan the user asked for also reads again what known photos say about themselves, so keywords added in
   * Lightroom or digiKam since arrive as the user's. Startup scans skip this: it would read every file.
   */
  async function rereadExisting(path: string, knownPhotoId?: number): Promise<void> {
    const photoId = knownPhotoId ?? store.fileByPath(path)?.photo_id;
    if (photoId == null || !imaging.readExisting) return;
    const found = await imaging.readExisting(path);
    if (found.caption || found.keywords.length > 0) store.mergeImported(photoId, found, isoNow(clock));
  }

  async function endStopped(folderId: number): Promise<void> {
    const r = runtime(folderId);
    await closeWatcher(folderId);
    r.state = 'stopped';
    r.error = 'Scan stopped: this folder is not watched. Rescan to try again.';
    r.largeTree = null;
    foldersChanged();
  }

  /** Waits for the user's yes or no to a tree past the size limit; false when the library stops. */
  function askAboutLargeTree(
    folderId: number,
    r: FolderRuntime,
    size: { entries: number; folders: number },
  ): Promise<boolean> {
    waitingForAnswer.get(folderId)?.();
    return new Promise<boolean>((answer) => {
      r.largeTree = size;
      r.answerLargeTree = (yes) => {
        r.answerLargeTree = null;
        r.largeTree = null;
        answer(yes);
      };
      foldersChanged();
    });
  }

  async function scan(folderId: number, origin: JobOrigin, reread = false): Promise<void> {
    const row = store.folder(folderId);
    if (!row || stopped) return;
    const r = runtime(folderId);
    r.stopRequested = false;
    // Until this scan has walked the tree again, the safety net leaves it alone.
    sweep.forget(folderId);
    const root = row.path;
    const cancelled = () => r.removed || stopped || r.stopRequested;
    const rootOk = await stat(root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!rootOk) {
      await closeWatcher(folderId);
      markMissing(folderId);
      return;
    }
    // Folders added before these rules existed are held to them too, so they cannot take the app down at start.
    // (One that holds the data folder stays: its walk and watcher leave the data folder out.)
    const refusal = await systemRefusalOf(realOrResolved(root));
    if (refusal) {
      await closeWatcher(folderId);
      r.state = 'error';
      r.error = `${refusal} Remove it from the library.`;
      foldersChanged();
      return;
    }
    // A folder catalogued before (a restart, a rescan) was measured when it was added: this scan only checks
    // for changes, so it is not made to list the whole tree twice.
    const known = store.fileCountOfFolder(folderId);
    // A catch-up has no size check to wait for: its watcher starts taking in the tree (@parcel/watcher does on
    // a thread of its own) while the folder list is counted and what the catalogue knew is read.
    let watching = known > 0 ? startWatcher(folderId, root) : null;
    // Until this scan ends, a start goes on with it (see `start`): what it finds keeps waiting for approval.
    if (origin === 'scan') store.setScanDone(folderId, null);
    r.state = 'scanning';
    r.checking = known > 0;
    r.error = null;
    foldersChanged();

    let expected: number | null = known > 0 ? known : null;
    if (row.large_tree_ok !== 1 && !r.watcher && known === 0) {
      const size = await measureTree(root, rules, largeTreeLimits, cancelled);
      if (r.stopRequested) return endStopped(folderId);
      if (r.removed || stopped) return;
      if (size.exceeded) {
        log.warn('a folder far larger than a photo library waits for confirmation', { root, ...size });
        if (!(await askAboutLargeTree(folderId, r, size))) {
          if (r.removed || stopped) return;
          return endStopped(folderId);
        }
        store.setLargeTreeOk(folderId);
      } else expected = size.candidates;
    }
    // Watch first so nothing copied in during a long scan slips between the walk and the watcher.
    watching ??= startWatcher(folderId, root);
    let watcherReady = false;
    // (A watcher that fails is reported where the scan awaits it, below.)
    void watching.then(
      () => (watcherReady = true),
      () => undefined,
    );
    const knownFiles = r.checking
      ? await readKnownFiles(store, folderId, root)
      : new Map<string, KnownFile>();
    const how = { origin, reread, checking: r.checking, expected, known: knownFiles, keepListed: true };
    let walked;
    if (r.checking) {
      const watcher = { watching, ready: () => watcherReady };
      walked = await walkWhileWatcherStarts({ ...walkDeps, store }, folderId, root, how, watcher, cancelled);
    } else {
      // A first scan reads every file: waiting for its watcher first costs little beside that.
      await watching;
      walked = await walkAndIngest(walkDeps, folderId, root, how, cancelled);
    }
    const { walk, progress, unreported, deferred, unmet } = walked;
    let changed = unreported;
    if (r.stopRequested) return endStopped(folderId);
    if (r.removed || stopped) return;
    for (const failed of walk.failedDirs) log.warn('could not list a folder', failed);
    if (walk.failedDirs.some((f) => f.dir === root)) {
      const reason = walk.failedDirs.find((f) => f.dir === root)!.reason;
      await closeWatcher(folderId);
      r.state = 'error';
      r.error = `Shoebox cannot read this folder (${reason}). Check its permissions, then Rescan.`;
      r.unreadableFolders = [];
      foldersChanged();
      return;
    }
    r.unreadableFolders = walk.failedDirs;
    // An empty mount point where the catalogue knew files is far likelier an unmounted drive than a wipe.
    if (progress.filesSeen === 0 && store.fileCountOfFolder(folderId) > 0 && (await isEmptyDir(root))) {
      await lostRoot(folderId);
      return;
    }

    // Whatever the catalogue knew in this folder but the walk did not meet is gone from disk. Not decided
    // while the disk is full: the next scan does it. In short batches with a turn of the event loop between.
    if (deferred === 0 && !disk?.full) {
      changed += await forgetUnmet({ store, orphans }, unmet, walk.failedDirs, () => r.removed || stopped);
    }
    // Photos put off for want of room are found again by a later scan, which must wait for approval too.
    if (origin === 'scan' && deferred === 0) store.setScanDone(folderId, isoNow(clock));
    r.state = 'watching';
    if (walk.listed && r.watcher) sweep.watch(folderId, root, walk.listed);
    events.emit('scan.progress', { ...progress, phase: 'done' });
    foldersChanged();
    photosChanged(changed);
  }

  /** One scan per folder at a time: a rescan asked for mid-scan joins the running one. */
  function safeScan(folderId: number, origin: JobOrigin, reread = false): Promise<void> {
    const running = scans.get(folderId);
    if (running) return running;
    const promise = track(
      scan(folderId, origin, reread)
        .catch((error: unknown) => {
          const r = runtime(folderId);
          r.state = 'error';
          r.error = disk?.noteWriteError(error)
            ? (disk.message() ?? errorMessage(error))
            : errorMessage(error);
          log.error('folder scan failed', { folderId, error: r.error });
          foldersChanged();
        })
        .finally(() => scans.delete(folderId)),
    );
    scans.set(folderId, promise);
    return promise;
  }

  /** Room on the disk again: what was put off is read now, as it would have been then. */
  function retryDeferred(): void {
    for (const job of ingester.takeDeferred()) {
      if (!store.folder(job.folderId)) continue;
      ingestInBackground(job.folderId, job.path, job.force, job.origin);
    }
  }

  let unsubscribeDisk: (() => void) | undefined;
  function onDiskChange(full: boolean): void {
    if (stopped) return;
    if (!full) retryDeferred();
    foldersChanged();
  }

  async function addFolder(input: string): Promise<Folder> {
    const path = await validateNewFolder(input, { dataDir: dataDir ?? undefined });
    for (const other of store.folders()) {
      if (other.path === path) throw new UserError(`${path} is already in the library.`);
      if (isInside(path, other.path))
        throw new UserError(`${path} is already inside the library folder ${other.path}.`);
      if (isInside(other.path, path)) {
        throw new UserError(`${path} contains the library folder ${other.path}; remove that one first.`);
      }
    }
    const row = store.insertFolder(path, isoNow(clock));
    runtime(row.id).state = 'scanning';
    void safeScan(row.id, 'scan');
    const folder = listFolders().find((f) => f.id === row.id);
    if (!folder) throw new Error('folder vanished right after insertion');
    return folder;
  }

  /**
   * The folder leaves the list at once; its files and the photos only it held go in short batches, so the
   * API answers meanwhile. Marked in the catalogue first: a quit midway goes on at the next start.
   */
  async function removeFolder(id: number): Promise<void> {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    const r = runtime(id);
    r.removed = true;
    r.answerLargeTree?.(false);
    store.markRemoving(id);
    foldersChanged();
    await closeWatcher(id);
    await track(forgetFolder(id));
  }

  async function forgetFolder(id: number): Promise<void> {
    runtime(id).removed = true;
    // Work in flight for the folder ends first, so nothing it writes outlives the folder.
    await scans.get(id);
    let removed = 0;
    // From a small first batch: at 100,000 photos, 200 took longer than the budget before the size adapted.
    // The search index's merging goes in steps of its own (see searchIndexMerging.ts).
    await withSearchIndexMergingPaused(deps.db, () =>
      inBatches(
        (size) => {
          const batch = store.removeFolderBatch(id, size);
          removed += batch.photosRemoved;
          return batch.done;
        },
        { initialSize: REMOVAL_FIRST_BATCH, between: () => mergeSearchIndexStep(deps.db) },
      ),
    );
    runtimes.delete(id);
    photosChanged(Math.max(removed, 1));
  }

  function stopScan(id: number): void {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    const r = runtime(id);
    if (!scans.has(id)) return;
    r.stopRequested = true;
    r.answerLargeTree?.(false);
  }

  function continueScan(id: number): void {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    const r = runtime(id);
    if (!r.answerLargeTree) throw new UserError('This folder is not waiting for an answer.');
    r.answerLargeTree(true);
  }

  function setLocalOnly(id: number, localOnly: boolean): Folder {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    store.setLocalOnly(id, localOnly);
    foldersChanged();
    return listFolders().find((f) => f.id === id)!;
  }

  // Throws synchronously for an unknown id (callers may fire and forget); the scan itself never rejects.
  function rescan(id: number): Promise<void> {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    return safeScan(id, 'scan', true);
  }

  async function start(): Promise<void> {
    stopped = false;
    orphans.start();
    sweep.start();
    unsubscribeDisk?.();
    unsubscribeDisk = disk?.onChange(onDiskChange);
    restoreSearchIndexMerging(deps.db);
    for (const id of store.removingFolderIds()) void track(forgetFolder(id));
    const rows = store.folders();
    // What arrived while Shoebox was closed counts as arriving in a watched folder, but a scan that waits for
    // approval (a first scan, a rescan) cut short by a quit or a crash goes on as that scan: the rest of
    // it waits for approval too rather than spending the watched-folder allowance.
    const started = rows.map((row) => safeScan(row.id, row.scan_done_at === null ? 'scan' : 'watch'));
    caughtUp = Promise.all(
      rows.map((row, i) =>
        Promise.race([started[i], new Promise<void>((resolve) => waitingForAnswer.set(row.id, resolve))]),
      ),
    ).then(() => {
      for (const row of rows) waitingForAnswer.delete(row.id);
    });
    // Photos left with no location by a previous run (moved while Shoebox was closed) get their grace too.
    void track(
      Promise.all(started).then(() => {
        for (const photoId of store.orphanPhotoIds()) orphans.schedule(photoId);
      }),
    );
  }

  async function stop(): Promise<void> {
    stopped = true;
    unsubscribeDisk?.();
    orphans.stop();
    await sweep.stop();
    flushBurst();
    for (const r of runtimes.values()) r.answerLargeTree?.(false);
    await Promise.all([...runtimes.keys()].map((id) => closeWatcher(id)));
    await whenIdle();
  }

  async function whenIdle(): Promise<void> {
    while (pending.size > 0 || work.busy) {
      await Promise.allSettled([...pending]);
      await work.idle();
    }
  }

  return {
    addFolder,
    removeFolder,
    rescan,
    stopScan,
    continueScan,
    setLocalOnly,
    listFolders,
    listUnreadable: (folderId) => store.unreadable(folderId),
    start,
    whenCaughtUp: () => caughtUp,
    stop,
    whenIdle,
  };
}
