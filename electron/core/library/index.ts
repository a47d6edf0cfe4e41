import { existsSync } from 'node:fs';
import { opendir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3';
import { watch, type FSWatcher } from 'chokidar';
import { UserError } from '../../../shared/contract';
import type { Folder, PhotoMetadata, ScanProgress, UnreadableFile } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import type { ImportedDescriptions } from '../review/importedMetadata';
import { CatalogueStore, type FileFacts } from './catalogueStore';
import { hashFile } from './hashFile';
import { isSkippedName } from './skip';
import { WorkQueue } from './workQueue';

export { isSkippedName } from './skip';

/**
 * How a caption job came about: the scan of a folder the user just added or rescanned waits for the user's
 * approval of an estimate; a photo that arrives later in a watched folder may spend the daily allowance.
 */
export type JobOrigin = 'scan' | 'watch';

/** What the library needs from the imaging module (structurally what `probeImage` & co. provide). */
export interface LibraryImaging {
  /** Reads headers; throws with a human reason when the file is not a readable image. */
  probe(path: string): Promise<{ format: string; metadata: PhotoMetadata }>;
  /** Full decode into the thumbnail cache; throws for truncated or corrupt pixel data. */
  makeThumbnail(hash: string, path: string): Promise<void>;
  isCandidateImageName(fileName: string): boolean;
  /** The photo's own caption and keywords (embedded or in a sidecar); never throws. */
  readExisting?(path: string): Promise<ImportedDescriptions>;
}

/** XMP sidecars are watched too: other tools write keywords there. */
function isSidecarName(fileName: string): boolean {
  return /\.xmp$/i.test(fileName);
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
}

export interface Library {
  addFolder(path: string): Promise<Folder>;
  removeFolder(id: number): Promise<void>;
  rescan(id: number): Promise<void>;
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
const INGEST_CONCURRENCY = 2;
/** At most this often (ms) a scan reports progress and new photos, so a 100k-file scan stays quiet. */
const PROGRESS_INTERVAL_MS = 250;

interface FolderRuntime {
  state: Folder['state'];
  error: string | null;
  watcher: FSWatcher | null;
  /** Releases a scan still waiting for the watcher's first pass when the watcher is closed early. */
  releaseReady: (() => void) | null;
  removed: boolean;
}

type IngestOutcome = 'skipped' | 'linked' | 'created' | 'unreadable' | 'gone';

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

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function createLibrary(deps: LibraryDeps): Library {
  const { events, clock, log, imaging } = deps;
  const store = new CatalogueStore(deps.db);
  const writeFinishMs = deps.writeFinishMs ?? DEFAULT_WRITE_FINISH_MS;
  const orphanGraceMs = deps.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS;
  const work = new WorkQueue(INGEST_CONCURRENCY);
  const runtimes = new Map<number, FolderRuntime>();
  const orphanTimers = new Map<number, NodeJS.Timeout>();
  const pending = new Set<Promise<unknown>>();
  const scans = new Map<number, Promise<void>>();
  // Two copies of one new photo ingested side by side: the second waits for the first's decode.
  const decoding = new Map<string, Promise<unknown>>();
  let stopped = false;

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
      r = { state: 'scanning', error: null, watcher: null, releaseReady: null, removed: false };
      runtimes.set(id, r);
    }
    return r;
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

  // A photo with no location is kept a while: a move shows up as unlink + add, and the add must find the
  // same photo (caption, tags, no second bill).
  function scheduleOrphanCheck(photoId: number | null | undefined): void {
    if (photoId === null || photoId === undefined || stopped) return;
    if (store.fileCountOfPhoto(photoId) > 0) return;
    if (orphanTimers.has(photoId)) return;
    const timer = setTimeout(() => {
      orphanTimers.delete(photoId);
      try {
        if (store.deletePhotoIfOrphan(photoId)) changedSoon(1);
      } catch (error) {
        log.error('could not remove an orphaned photo', { photoId, error: errorMessage(error) });
      }
    }, orphanGraceMs);
    timer.unref();
    orphanTimers.set(photoId, timer);
  }

  function cancelOrphanCheck(photoId: number): void {
    const timer = orphanTimers.get(photoId);
    if (timer) clearTimeout(timer);
    orphanTimers.delete(photoId);
  }

  async function ingest(
    folderId: number,
    path: string,
    force: boolean,
    origin: JobOrigin,
  ): Promise<IngestOutcome> {
    if (runtimes.get(folderId)?.removed || stopped) return 'skipped';
    let stats;
    try {
      stats = await stat(path);
    } catch {
      return 'gone';
    }
    if (!stats.isFile()) return 'skipped';
    const facts: FileFacts = { folderId, path, size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) };
    const known = store.fileByPath(path);
    if (!force && known && known.size === facts.size && known.mtime_ms === facts.mtimeMs) {
      if (known.folder_id !== folderId) store.upsertFile(facts, known.photo_id, known.error);
      return known.error === null ? 'skipped' : 'unreadable';
    }
    let hash: string;
    try {
      hash = await hashFile(path);
    } catch (error) {
      return recordUnreadable(facts, `could not read the file: ${errorMessage(error)}`);
    }
    if (runtimes.get(folderId)?.removed || stopped) return 'skipped';
    const sameBytes = decoding.get(hash);
    if (sameBytes) await sameBytes.catch(() => undefined);
    const existing = store.photoIdByHash(hash);
    if (existing !== undefined) {
      cancelOrphanCheck(existing);
      const previous = store.upsertFile(facts, existing, null);
      if (previous !== existing) scheduleOrphanCheck(previous);
      return 'linked';
    }
    let probed;
    const decode = (async () => {
      const result = await imaging.probe(path);
      await imaging.makeThumbnail(hash, path);
      const existing = imaging.readExisting ? await imaging.readExisting(path) : null;
      return { ...result, existing };
    })();
    decoding.set(hash, decode);
    try {
      probed = await decode;
    } catch (error) {
      return recordUnreadable(facts, errorMessage(error));
    } finally {
      if (decoding.get(hash) === decode) decoding.delete(hash);
    }
    if (runtimes.get(folderId)?.removed || stopped) return 'skipped';
    const result = store.insertPhotoWithJob(
      facts,
      hash,
      probed.format,
      probed.metadata,
      isoNow(clock),
      origin,
      probed.existing,
    );
    if (!result.created) cancelOrphanCheck(result.photoId);
    if (result.previous !== result.photoId) scheduleOrphanCheck(result.previous);
    if (result.created) deps.onNewJobs();
    return result.created ? 'created' : 'linked';
  }

  function recordUnreadable(facts: FileFacts, reason: string): IngestOutcome {
    log.warn('unreadable file', { path: facts.path, reason });
    const previous = store.upsertFile(facts, null, reason);
    scheduleOrphanCheck(previous);
    return 'unreadable';
  }

  /** Ingest that never throws: a bad file or a database hiccup is logged, never fatal. */
  async function safeIngest(
    folderId: number,
    path: string,
    force: boolean,
    origin: JobOrigin,
  ): Promise<IngestOutcome> {
    try {
      return await ingest(folderId, path, force, origin);
    } catch (error) {
      log.error('could not ingest a file', { path, error: errorMessage(error) });
      return 'skipped';
    }
  }

  function removeFile(path: string): void {
    try {
      const photoId = store.deleteFile(path);
      if (photoId === undefined) return;
      scheduleOrphanCheck(photoId);
      changedSoon(1);
    } catch (error) {
      log.error('could not forget a removed file', { path, error: errorMessage(error) });
    }
  }

  function removeDir(dir: string): void {
    try {
      const photoIds = store.deleteFilesUnder(dir, sep);
      for (const photoId of photoIds) scheduleOrphanCheck(photoId);
      changedSoon(Math.max(photoIds.length, 1));
    } catch (error) {
      log.error('could not forget a removed folder', { dir, error: errorMessage(error) });
    }
  }

  function isIgnoredPath(root: string, path: string, isFile: boolean | undefined): boolean {
    const rel = relative(root, path);
    if (rel === '') return false;
    if (rel.split(sep).some(isSkippedName)) return true;
    return isFile === true && !imaging.isCandidateImageName(basename(path)) && !isSidecarName(basename(path));
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

  function watchedChange(folderId: number, path: string, force: boolean): void {
    if (isSidecarName(basename(path))) return sidecarChanged(path);
    if (!imaging.isCandidateImageName(basename(path))) return;
    void track(
      work.run(async () => {
        const outcome = await safeIngest(folderId, path, force, 'watch');
        if (outcome !== 'skipped' && outcome !== 'gone') changedSoon(1);
      }),
    );
  }

  async function startWatcher(folderId: number, root: string): Promise<void> {
    const r = runtime(folderId);
    if (r.watcher || r.removed || stopped) return;
    const watcher = watch(root, {
      ignoreInitial: true,
      ignored: (path, stats) => isIgnoredPath(root, path, stats?.isFile()),
      awaitWriteFinish: { stabilityThreshold: writeFinishMs, pollInterval: Math.min(100, writeFinishMs) },
    });
    r.watcher = watcher;
    watcher
      .on('add', (path) => watchedChange(folderId, path, false))
      .on('change', (path) => watchedChange(folderId, path, true))
      .on('unlink', (path) => (rootGone(root) ? void lostRoot(folderId) : removeFile(path)))
      .on('unlinkDir', (path) =>
        path === root || rootGone(root) ? void lostRoot(folderId) : removeDir(path),
      )
      .on('error', (error) => log.error('folder watcher error', { root, error: errorMessage(error) }));
    await new Promise<void>((resolveReady) => {
      r.releaseReady = resolveReady;
      watcher.once('ready', () => resolveReady());
    });
    r.releaseReady = null;
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
    r.releaseReady?.();
    await watcher.close();
  }

  async function* walk(dir: string, failedDirs: string[]): AsyncGenerator<string> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      failedDirs.push(dir);
      log.warn('could not list a folder', { dir, error: errorMessage(error) });
      return;
    }
    for await (const entry of handle) {
      if (isSkippedName(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(path, failedDirs);
      else if (entry.isFile() && imaging.isCandidateImageName(entry.name)) yield path;
    }
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

  async function scan(folderId: number, origin: JobOrigin, reread = false): Promise<void> {
    const row = store.folder(folderId);
    if (!row || stopped) return;
    const r = runtime(folderId);
    const root = row.path;
    const rootOk = await stat(root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!rootOk) {
      await closeWatcher(folderId);
      markMissing(folderId);
      return;
    }
    r.state = 'scanning';
    r.error = null;
    foldersChanged();
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
    let lastReport = clock.now();
    const report = () => {
      if (clock.now() - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = clock.now();
      events.emit('scan.progress', { ...progress });
      photosChanged(changed - reportedChanged);
      reportedChanged = changed;
    };
    const seen = new Set<string>();
    const failedDirs: string[] = [];
    const inFlight = new Set<Promise<void>>();
    events.emit('scan.progress', { ...progress });
    for await (const path of walk(root, failedDirs)) {
      if (r.removed || stopped) break;
      seen.add(path);
      progress.filesSeen++;
      await work.room();
      const task = work.run(async () => {
        const outcome = await safeIngest(folderId, path, false, origin);
        if (outcome === 'skipped' && reread) {
          await rereadExisting(path).catch((error: unknown) =>
            log.warn('could not read existing metadata again', { path, error: errorMessage(error) }),
          );
        }
        if (outcome === 'created' || outcome === 'linked') changed++;
        if (outcome === 'unreadable') progress.filesUnreadable++;
        else progress.filesIngested++;
        report();
      });
      inFlight.add(task);
      void task.then(() => inFlight.delete(task));
    }
    await Promise.all(inFlight);
    if (r.removed || stopped) return;
    // An empty mount point where the catalogue knew files is far likelier an unmounted drive than a wipe.
    if (seen.size === 0 && store.filePathsOfFolder(folderId).length > 0 && (await isEmptyDir(root))) {
      await lostRoot(folderId);
      return;
    }

    // Whatever the catalogue knew in this folder but the walk did not meet is gone from disk.
    for (const path of store.filePathsOfFolder(folderId)) {
      if (seen.has(path) || failedDirs.some((dir) => isInside(path, dir))) continue;
      const photoId = store.deleteFile(path);
      scheduleOrphanCheck(photoId);
      changed++;
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
          r.error = errorMessage(error);
          log.error('folder scan failed', { folderId, error: r.error });
          foldersChanged();
        })
        .finally(() => scans.delete(folderId)),
    );
    scans.set(folderId, promise);
    return promise;
  }

  async function addFolder(input: string): Promise<Folder> {
    if (typeof input !== 'string' || input.trim() === '') throw new UserError('Type a folder path.');
    const path = resolve(input.trim());
    const stats = await stat(path).catch(() => null);
    if (!stats) throw new UserError(`The folder ${path} does not exist.`);
    if (!stats.isDirectory()) throw new UserError(`${path} is a file, not a folder.`);
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
    runtime(id).removed = true;
    await closeWatcher(id);
    const removed = store.deleteFolder(id);
    runtimes.delete(id);
    foldersChanged();
    photosChanged(Math.max(removed, 1));
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
    const rows = store.folders();
    // What arrived while Shoebox was closed counts as arriving in a watched folder.
    const started = rows.map((row) => safeScan(row.id, 'watch'));
    // Photos left with no location by a previous run (moved while Shoebox was closed) get their grace too.
    void track(
      Promise.all(started).then(() => {
        for (const photoId of store.orphanPhotoIds()) scheduleOrphanCheck(photoId);
      }),
    );
  }

  async function stop(): Promise<void> {
    stopped = true;
    for (const timer of orphanTimers.values()) clearTimeout(timer);
    orphanTimers.clear();
    flushBurst();
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
    setLocalOnly,
    listFolders,
    listUnreadable: (folderId) => store.unreadable(folderId),
    start,
    stop,
    whenIdle,
  };
}
