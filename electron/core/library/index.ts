import { existsSync, realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3';
import { UserError } from '../../../shared/contract';
import type { Folder, ScanProgress, UnreadableFile } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import { CatalogueStore } from './catalogueStore';
import { systemRefusalOf, validateNewFolder } from './folderRules';
import { createIngester, type IngestDisk, type JobOrigin, type LibraryImaging } from './ingest';
import { OrphanGrace } from './orphanGrace';
import { isInside, isSameOrInside } from './paths';
import { isSkippedName } from './skip';
import { measureTree, walkPhotos, type TreeLimits, type TreeRules, type WalkReport } from './walk';
import { watchWithChokidar, type FolderWatcher, type WatchFolder } from './watcher';
import { WorkQueue } from './workQueue';

export { isSkippedName } from './skip';
export type { JobOrigin, LibraryImaging } from './ingest';
export type { FolderWatchEvents, FolderWatcher, WatchFolder } from './watcher';

/** XMP sidecars are watched too: other tools write keywords there. */
function isSidecarName(fileName: string): boolean {
  return /\.xmp$/i.test(fileName);
}

/** The data disk as the library sees it (DiskSpace provides it). */
export interface LibraryDisk extends IngestDisk {
  message(): string | null;
  onChange(listener: (full: boolean) => void): () => void;
}

export interface LibraryDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  log: Log;
  imaging: LibraryImaging;
  /** Called after new caption jobs were queued. */
  onNewJobs: () => void;
  /** How long a file must stop growing before the watcher ingests it (default 2000 ms). */
  writeFinishMs?: number;
  /** How long a photo with no file left is kept, so a move finds it again (default 10 minutes). */
  orphanGraceMs?: number;
  /** Shoebox's own data folder: never a library folder, never walked or watched. */
  dataDir?: string;
  /** The disk holding the data folder; without it (unit tests) a full disk is just an error. */
  disk?: LibraryDisk;
  /** Past this size a tree waits for the user's yes before it is watched (default 500,000 entries or 50,000 folders). */
  largeTree?: TreeLimits;
  /** The file watcher (default chokidar). */
  watchFolder?: WatchFolder;
}

export interface Library {
  addFolder(path: string): Promise<Folder>;
  removeFolder(id: number): Promise<void>;
  rescan(id: number): Promise<void>;
  /** Stops a scan (or a tree waiting for confirmation): nothing more is read, nothing is forgotten. */
  stopScan(id: number): void;
  /** The user's yes to watching a tree far larger than a photo library. */
  continueScan(id: number): void;
  setLocalOnly(id: number, localOnly: boolean): Folder;
  listFolders(): Folder[];
  listUnreadable(folderId?: number): UnreadableFile[];
  /** Starts a catch-up scan and a watcher for every folder; resolves without waiting for the scans. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when scans and ingest work (including watcher events received so far) are drained. */
  whenIdle(): Promise<void>;
}

const DEFAULT_WRITE_FINISH_MS = 2000;
const DEFAULT_ORPHAN_GRACE_MS = 10 * 60_000;
const DEFAULT_LARGE_TREE: TreeLimits = { entries: 500_000, folders: 50_000 };
const INGEST_CONCURRENCY = 2;
/** At most this often (ms) a scan reports progress and new photos, so a 100k-file scan stays quiet. */
const PROGRESS_INTERVAL_MS = 250;
/** Unreadable subfolders named in a folder's warning (all are logged). */
const LISTED_UNREADABLE_FOLDERS = 100;

interface FolderRuntime {
  state: Folder['state'];
  error: string | null;
  watcher: FolderWatcher | null;
  removed: boolean;
  /** The user pressed Stop: the running scan ends at the next file. */
  stopRequested: boolean;
  /** A tree past the size limit, waiting for the user's answer. */
  largeTree: { entries: number; folders: number } | null;
  answerLargeTree: ((yes: boolean) => void) | null;
  unreadableFolders: Array<{ dir: string; reason: string }>;
}

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

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

export function createLibrary(deps: LibraryDeps): Library {
  const { events, clock, log, imaging, disk } = deps;
  const store = new CatalogueStore(deps.db);
  const writeFinishMs = deps.writeFinishMs ?? DEFAULT_WRITE_FINISH_MS;
  const largeTreeLimits = deps.largeTree ?? DEFAULT_LARGE_TREE;
  const watchFolder = deps.watchFolder ?? watchWithChokidar;
  const dataDir = deps.dataDir === undefined ? null : realOrResolved(deps.dataDir);
  const work = new WorkQueue(INGEST_CONCURRENCY);
  const runtimes = new Map<number, FolderRuntime>();
  const pending = new Set<Promise<unknown>>();
  const scans = new Map<number, Promise<void>>();
  let stopped = false;

  const rules: TreeRules = {
    isSkipped: (path, name) => isSkippedName(name) || (dataDir !== null && isSameOrInside(path, dataDir)),
    isCandidate: (name) => imaging.isCandidateImageName(name),
  };
  const watchedRules: TreeRules = {
    ...rules,
    isCandidate: (name) => imaging.isCandidateImageName(name) || isSidecarName(name),
  };

  const orphans = new OrphanGrace(store, deps.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS, log, () =>
    changedSoon(1),
  );
  const ingester = createIngester({
    store,
    imaging,
    clock,
    log,
    orphans,
    disk,
    cancelled: (folderId) => stopped || runtimes.get(folderId)?.removed === true,
    onNewJobs: () => deps.onNewJobs(),
  });

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
      r = {
        state: 'scanning',
        error: null,
        watcher: null,
        removed: false,
        stopRequested: false,
        largeTree: null,
        answerLargeTree: null,
        unreadableFolders: [],
      };
      runtimes.set(id, r);
    }
    return r;
  }

  function warningOf(r: FolderRuntime): string | null {
    const parts: string[] = [];
    const diskMessage = disk?.message() ?? null;
    if (diskMessage) parts.push(`${diskMessage} New photos wait until there is room.`);
    if (r.largeTree) {
      parts.push(
        `This folder holds more than ${plural(r.largeTree.entries, 'entry', 'entries')} in ${plural(r.largeTree.folders, 'folder', 'folders')}, far more than a photo library. Watching it costs a great deal of memory: continue, or stop and choose a smaller folder.`,
      );
    }
    if (r.unreadableFolders.length > 0) {
      const listed = r.unreadableFolders
        .slice(0, LISTED_UNREADABLE_FOLDERS)
        .map((f) => `${f.dir} (${f.reason})`);
      const more = r.unreadableFolders.length - listed.length;
      parts.push(
        `${plural(r.unreadableFolders.length, 'subfolder', 'subfolders')} could not be read: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`,
      );
    }
    return parts.length > 0 ? parts.join(' ') : null;
  }

  function listFolders(): Folder[] {
    return store.folders().map((row) => {
      const r = runtime(row.id);
      return {
        id: row.id,
        path: row.path,
        addedAt: row.added_at,
        ...store.folderCounts(row.id),
        state: r.state,
        error: r.error,
        localOnly: row.local_only === 1,
        warning: warningOf(r),
        unreadableFolders: r.unreadableFolders.map((f) => f.dir),
        largeTree: r.largeTree,
      };
    });
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

  function removeDir(dir: string): void {
    try {
      const photoIds = store.deleteFilesUnder(dir, sep);
      for (const photoId of photoIds) orphans.schedule(photoId);
      changedSoon(Math.max(photoIds.length, 1));
    } catch (error) {
      log.error('could not forget a removed folder', { dir, error: errorMessage(error) });
    }
  }

  /**
   * A sidecar written or changed while Shoebox watches (Lightroom or digiKam saving keywords): the photos it
   * belongs to read their own words again. `photo.jpg.xmp` is photo.jpg's; `photo.xmp` is any `photo.<ext>`'s.
   */
  function sidecarChanged(path: string): void {
    const dir = dirname(path);
    const name = basename(path);
    const digikam = join(dir, name.slice(0, -'.xmp'.length));
    const stem = `${name.slice(0, -'.xmp'.length)}.`;
    const photos = store.filePathsStartingWith(join(dir, stem.slice(0, -1))).filter((file) => {
      if (dirname(file) !== dir) return false;
      const rest = basename(file);
      return file === digikam || (rest.startsWith(stem) && !rest.slice(stem.length).includes('.'));
    });
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
    ingestInBackground(folderId, path, force, 'watch');
  }

  async function startWatcher(folderId: number, root: string): Promise<void> {
    const r = runtime(folderId);
    if (r.watcher || r.removed || stopped) return;
    const watcher = watchFolder(
      root,
      watchedRules,
      {
        added: (path) => watchedChange(folderId, path, false),
        changed: (path) => watchedChange(folderId, path, true),
        removed: (path) => (rootGone(root) ? void lostRoot(folderId) : removeFile(path)),
        removedDir: (path) => (path === root || rootGone(root) ? void lostRoot(folderId) : removeDir(path)),
        error: (error) => log.error('folder watcher error', { root, error: errorMessage(error) }),
      },
      { writeFinishMs },
    );
    r.watcher = watcher;
    await watcher.ready;
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
    const r = runtimes.get(folderId);
    const watcher = r?.watcher;
    if (!r || !watcher) return;
    r.watcher = null;
    await watcher.close();
  }

  /**
   * A rescan the user asked for also reads again what known photos say about themselves, so keywords added in
   * Lightroom or digiKam since arrive as the user's. Startup scans skip this: it would read every file.
   */
  async function rereadExisting(path: string): Promise<void> {
    const photoId = store.fileByPath(path)?.photo_id;
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
  function askAboutLargeTree(r: FolderRuntime, size: { entries: number; folders: number }): Promise<boolean> {
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
    r.state = 'scanning';
    r.error = null;
    foldersChanged();

    if (row.large_tree_ok !== 1 && !r.watcher) {
      const size = await measureTree(root, rules, largeTreeLimits, cancelled);
      if (r.stopRequested) return endStopped(folderId);
      if (r.removed || stopped) return;
      if (size.exceeded) {
        log.warn('a folder far larger than a photo library waits for confirmation', { root, ...size });
        if (!(await askAboutLargeTree(r, size))) {
          if (r.removed || stopped) return;
          return endStopped(folderId);
        }
        store.setLargeTreeOk(folderId);
      }
    }
    // Watch first so nothing copied in during a long scan slips between the walk and the watcher.
    await startWatcher(folderId, root);

    const progress: ScanProgress = {
      folderId,
      phase: 'scanning',
      filesSeen: 0,
      filesIngested: 0,
      filesUnreadable: 0,
    };
    let changed = 0;
    let reportedChanged = 0;
    let deferred = 0;
    let lastReport = clock.now();
    const report = () => {
      if (clock.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = clock.now();
      events.emit('scan.progress', { ...progress });
      photosChanged(changed - reportedChanged);
      reportedChanged = changed;
    };
    const seen = new Set<string>();
    const walkReport: WalkReport = { failedDirs: [], entries: 0, folders: 0 };
    const inFlight = new Set<Promise<void>>();
    events.emit('scan.progress', { ...progress });
    for await (const path of walkPhotos(root, rules, walkReport, cancelled)) {
      if (cancelled()) break;
      seen.add(path);
      progress.filesSeen++;
      await work.room();
      const known = reread ? store.fileByPath(path) : undefined;
      // A rescan the user asked for gives files once found unreadable another chance.
      const retryUnreadable = known !== undefined && known.error !== null;
      const task = work.run(async () => {
        const outcome = await ingester.ingest(folderId, path, retryUnreadable, origin);
        if (outcome === 'skipped' && reread) {
          await rereadExisting(path).catch((error: unknown) =>
            log.warn('could not read existing metadata again', { path, error: errorMessage(error) }),
          );
        }
        if (outcome === 'created' || outcome === 'linked') changed++;
        if (outcome === 'unreadable') progress.filesUnreadable++;
        else if (outcome === 'deferred') deferred++;
        else progress.filesIngested++;
        report();
      });
      inFlight.add(task);
      void task.then(() => inFlight.delete(task));
    }
    await Promise.all(inFlight);
    if (r.stopRequested) return endStopped(folderId);
    if (r.removed || stopped) return;
    for (const failed of walkReport.failedDirs) log.warn('could not list a folder', failed);
    if (walkReport.failedDirs.some((f) => f.dir === root)) {
      const reason = walkReport.failedDirs.find((f) => f.dir === root)!.reason;
      await closeWatcher(folderId);
      r.state = 'error';
      r.error = `Shoebox cannot read this folder (${reason}). Check its permissions, then Rescan.`;
      r.unreadableFolders = [];
      foldersChanged();
      return;
    }
    r.unreadableFolders = walkReport.failedDirs;
    // An empty mount point where the catalogue knew files is far likelier an unmounted drive than a wipe.
    if (seen.size === 0 && store.filePathsOfFolder(folderId).length > 0 && (await isEmptyDir(root))) {
      await lostRoot(folderId);
      return;
    }

    // Whatever the catalogue knew in this folder but the walk did not meet is gone from disk. Not decided
    // while the disk is full: the next scan does it.
    if (deferred === 0 && !disk?.full) {
      for (const path of store.filePathsOfFolder(folderId)) {
        if (seen.has(path) || walkReport.failedDirs.some((f) => isInside(path, f.dir))) continue;
        const photoId = store.deleteFile(path);
        orphans.schedule(photoId);
        changed++;
      }
    }
    r.state = 'watching';
    events.emit('scan.progress', { ...progress, phase: 'done' });
    foldersChanged();
    photosChanged(changed - reportedChanged);
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

  async function removeFolder(id: number): Promise<void> {
    if (!store.folder(id)) throw new UserError('That folder is not in the library.');
    const r = runtime(id);
    r.removed = true;
    r.answerLargeTree?.(false);
    await closeWatcher(id);
    const removed = store.deleteFolder(id);
    runtimes.delete(id);
    foldersChanged();
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
    unsubscribeDisk?.();
    unsubscribeDisk = disk?.onChange(onDiskChange);
    const rows = store.folders();
    // What arrived while Shoebox was closed counts as arriving in a watched folder.
    const started = rows.map((row) => safeScan(row.id, 'watch'));
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
    stop,
    whenIdle,
  };
}
