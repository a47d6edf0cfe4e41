import type { Stats } from 'node:fs';
import type { PhotoMetadata } from '../../../shared/types';
import { isoNow, type Clock } from '../clock';
import type { Log } from '../log';
import type { Fingerprint } from '../grouping/fingerprint';
import type { ImportedDescriptions } from '../review/importedMetadata';
import type { CatalogueStore, FileFacts } from './catalogueStore';
import { readPhoto, WHOLE_READ_MAX_BYTES, type ReadPhoto } from './hashFile';
import type { IngestDecode } from './ingestDecode';
import type { OrphanGrace } from './orphanGrace';
import { createTurnBatch, type GatherOptions } from './turnBatch';
import { isUnchanged } from './unchanged';
import { lstatOrNull } from './lstatOrNull';
import { adoptUnreadablePartners, StackLocks, stackPartnerPhoto } from './stackPartners';
import type { ByteBudget } from './byteBudget';

/**
 * How a caption job came about: the scan of a folder the user just added or rescanned waits for the user's
 * approval of an estimate; a photo that arrives later in a watched folder may spend the daily allowance.
 */
export type JobOrigin = 'scan' | 'watch';

/**
 * What the library needs from the imaging module (structurally what `probeImage` & co. provide). `bytes`, when
 * given, are the file's bytes as hashed: read from them rather than from the file.
 */
export interface LibraryImaging {
  /** Reads headers; throws with a human reason when the file is not a readable image. */
  probe(path: string, bytes?: Buffer): Promise<{ format: string; metadata: PhotoMetadata }>;
  /** Full decode into the thumbnail cache; throws for truncated or corrupt pixel data. */
  makeThumbnail(hash: string, path: string, bytes?: Buffer): Promise<void>;
  /** Forgets the cached thumbnail of `hash` (it was made from bytes that were not those of the hash). */
  discardThumbnail?(hash: string): Promise<void>;
  isCandidateImageName(fileName: string): boolean;
  /** The photo's own caption and keywords (embedded or in a sidecar); never throws. */
  readExisting?(path: string, bytes?: Buffer): Promise<ImportedDescriptions>;
  /**
   * Probe, thumbnail and (when asked) fingerprint and existing words of a new photo from its bytes in one go,
   * off this thread (the app's worker pool); 'elsewhere' for a format it leaves to probe and makeThumbnail
   * (with the bytes still usable). Otherwise the bytes may have been handed to another thread: not used after.
   * Words it does not return are read from the file with readExisting.
   */
  decodeNew?(
    hash: string,
    path: string,
    bytes: Buffer,
    withFingerprint: boolean,
    withWords: boolean,
  ): Promise<IngestDecode>;
}

/**
 * Burst grouping's seam (electron/core/grouping): a fingerprint read once the thumbnail exists, and the new
 * photo handed over synchronously after its insert, so it is grouped before the queue can claim its job.
 */
export interface IngestGrouping {
  fingerprint(hash: string, path: string): Promise<Fingerprint | null>;
  placeNewPhoto(photoId: number, fingerprint: Fingerprint): void;
}

/** The disk holding the data folder, as ingest sees it (DiskSpace provides it). */
export interface IngestDisk {
  readonly full: boolean;
  /** True (and the disk now counts as full) when the error means there was no room to write. */
  noteWriteError(error: unknown, options?: { ambiguous?: boolean }): boolean;
}

/** 'deferred': not done for want of disk space; tried again when room returns, nothing recorded meanwhile. */
export type IngestOutcome = 'skipped' | 'linked' | 'created' | 'unreadable' | 'gone' | 'deferred';

export interface IngestDeps {
  store: CatalogueStore;
  imaging: LibraryImaging;
  clock: Clock;
  log: Log;
  orphans: OrphanGrace;
  disk?: IngestDisk | undefined;
  /** True once the folder was removed or the library stopped: work in flight is dropped. */
  cancelled(folderId: number): boolean;
  onNewJobs(): void;
  grouping?: IngestGrouping | undefined;
  /** sha256 of a file (default: on this thread; the app passes its worker pool). */
  hashFile?: ((path: string) => Promise<string>) | undefined;
  /** sha256 of a file with the bytes hashed, used instead of hashFile when given (the app's worker pool). */
  readPhoto?: ((path: string) => Promise<ReadPhoto>) | undefined;
  /** How new photos' writes gather into one commit (default: those of one turn). */
  batch?: GatherOptions | undefined;
  /**
   * Wraps the wait for a new photo's commit: the library's work queue gives the photo's slot to the next file
   * meanwhile (WorkQueue.stepAside), so a batch can gather more photos than are decoded at once.
   */
  waitAside?: (<T>(waiting: Promise<T>) => Promise<T>) | undefined;
  /** The bytes all photos in flight may hold at once, from the read until the decode is done (see ByteBudget). */
  bytesInFlight?: ByteBudget | undefined;
}

/** A file read while it is being rewritten gets this many tries before it is left to the watcher's next event. */
const STABLE_READ_ATTEMPTS = 3;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Changed between two looks: size, mtime (full precision), ctime (which no tool can set back) or inode. */
function changedSince(before: Stats, after: Stats): boolean {
  return (
    before.size !== after.size ||
    before.mtimeMs !== after.mtimeMs ||
    before.ctimeMs !== after.ctimeMs ||
    before.ino !== after.ino
  );
}

export function createIngester(deps: IngestDeps) {
  const { store, imaging, clock, log, orphans } = deps;
  // Two copies of one new photo ingested side by side: the second waits for the first's decode.
  const decoding = new Map<string, Promise<unknown>>();
  const deferred = new Map<string, { folderId: number; origin: JobOrigin; force: boolean }>();
  const stacks = new StackLocks();
  let jobsAdded = false;
  const writes = createTurnBatch(
    store.transaction,
    () => {
      if (!jobsAdded) return;
      jobsAdded = false;
      deps.onNewJobs();
    },
    deps.batch,
  );
  const waitAside = deps.waitAside ?? (<T>(waiting: Promise<T>) => waiting);
  // Without a reader of its own, a given hashFile still hashes (and the file is read again where needed).
  const read =
    deps.readPhoto ??
    (deps.hashFile
      ? async (path: string): Promise<ReadPhoto> => ({ hash: await deps.hashFile!(path), bytes: null })
      : (path: string) => readPhoto(path));

  function recordUnreadable(facts: FileFacts, reason: string): IngestOutcome {
    log.warn('unreadable file', { path: facts.path, reason });
    const previous = store.upsertFile(facts, null, reason);
    orphans.schedule(previous);
    return 'unreadable';
  }

  function defer(folderId: number, path: string, origin: JobOrigin, force = false): IngestOutcome {
    deferred.set(path, { folderId, origin, force: force || deferred.get(path)?.force === true });
    return 'deferred';
  }

  /** One try at reading a file whose bytes must not change while it is read; 'unstable' when they did. */
  async function ingestOnce(
    folderId: number,
    path: string,
    stats: Stats,
    origin: JobOrigin,
  ): Promise<IngestOutcome | 'unstable'> {
    const facts: FileFacts = { folderId, path, size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) };
    // A file too large to be read whole is hashed in chunks and decoded from its path: not held whole.
    const held = Math.min(stats.size, WHOLE_READ_MAX_BYTES);
    const dropBytes = (await deps.bytesInFlight?.take(held)) ?? (() => undefined);
    try {
      return await readAndIngest(facts, stats, origin, dropBytes);
    } finally {
      dropBytes();
    }
  }

  /** ingestOnce's work, with `dropBytes` to call once the file's bytes are no longer held. */
  async function readAndIngest(
    facts: FileFacts,
    stats: Stats,
    origin: JobOrigin,
    dropBytes: () => void,
  ): Promise<IngestOutcome | 'unstable'> {
    const { folderId, path } = facts;
    let hash: string;
    let bytes: Buffer | undefined;
    try {
      const file = await read(path);
      hash = file.hash;
      bytes = file.bytes ?? undefined;
      // A suspended async function keeps its locals: cleared, `file` does not hold the bytes while the photo
      // waits for its commit (they lived long enough to be promoted, and piled up until a full collection).
      file.bytes = null;
    } catch (error) {
      return recordUnreadable(facts, `could not read the file: ${errorMessage(error)}`);
    }
    if (deps.cancelled(folderId)) return 'skipped';
    const sameBytes = decoding.get(hash);
    if (sameBytes) await sameBytes.catch(() => undefined);
    // A RAW beside its JPEG (or the JPEG beside its RAW) is a second file of the photo, not a new photo.
    const existing = store.photoIdByHash(hash) ?? stackPartnerPhoto(store, path);
    if (existing !== undefined) {
      const after = lstatOrNull(path);
      if (!after) return 'gone';
      if (changedSince(stats, after)) return 'unstable';
      orphans.cancel(existing);
      const previous = store.upsertFile(facts, existing, null);
      if (previous !== existing) orphans.schedule(previous);
      return 'linked';
    }
    // Held in `decoding` until the photo is inserted, so a copy that waits for it then finds the photo.
    const work = decodeAndInsert(facts, stats, hash, origin, bytes, dropBytes);
    // Not held while the photo waits for its commit: many photos may wait at once.
    bytes = undefined;
    decoding.set(hash, work);
    try {
      return await work;
    } finally {
      if (decoding.get(hash) === work) decoding.delete(hash);
    }
  }

  type Decoded =
    | { kind: 'unreadable'; reason: string }
    | { kind: 'deferred' }
    | {
        kind: 'decoded';
        format: string;
        metadata: PhotoMetadata;
        existing: ImportedDescriptions | null;
        fingerprint: Fingerprint | null;
      };

  /** The worker's decode of a new photo, read as the steps below would end; null for a format it left here. */
  async function decodeOffThread(hash: string, path: string, bytes: Buffer): Promise<Decoded | null> {
    if (!imaging.decodeNew) return null;
    const withWords = imaging.readExisting !== undefined;
    const done = await imaging.decodeNew(hash, path, bytes, deps.grouping !== undefined, withWords);
    if (done.kind === 'elsewhere') return null;
    if (done.kind === 'failed') {
      const error = Object.assign(new Error(done.reason), done.code ? { code: done.code } : {});
      if (done.step === 'thumbnail' && deps.disk?.noteWriteError(error, { ambiguous: true }))
        return { kind: 'deferred' };
      return { kind: 'unreadable', reason: done.reason };
    }
    for (const { message, fields } of done.words?.warnings ?? []) log.warn(message, fields);
    const words = done.words?.found ?? (imaging.readExisting ? await imaging.readExisting(path) : null);
    // A fingerprint the worker could not read is tried again the usual way, which logs why it failed.
    const fingerprint = done.fingerprint ?? (await deps.grouping?.fingerprint(hash, path)) ?? null;
    return { kind: 'decoded', format: done.format, metadata: done.metadata, existing: words, fingerprint };
  }

  async function decodeAndInsert(
    facts: FileFacts,
    stats: Stats,
    hash: string,
    origin: JobOrigin,
    bytes: Buffer | undefined,
    dropBytes: () => void,
  ): Promise<IngestOutcome | 'unstable'> {
    const { folderId, path } = facts;
    const result = await (async (): Promise<Decoded> => {
      const done = bytes && (await decodeOffThread(hash, path, bytes));
      if (done) return done;
      let probed;
      try {
        probed = await imaging.probe(path, bytes);
      } catch (error) {
        return { kind: 'unreadable', reason: errorMessage(error) };
      }
      try {
        await imaging.makeThumbnail(hash, path, bytes);
      } catch (error) {
        // A thumbnail that could not be written says nothing about the photo when the disk is full.
        if (deps.disk?.noteWriteError(error, { ambiguous: true })) return { kind: 'deferred' };
        return { kind: 'unreadable', reason: errorMessage(error) };
      }
      const words = imaging.readExisting ? await imaging.readExisting(path, bytes) : null;
      const fingerprint = (await deps.grouping?.fingerprint(hash, path)) ?? null;
      return { kind: 'decoded', ...probed, existing: words, fingerprint };
    })();
    // Not held while the photo waits for its commit: many photos may wait at once.
    bytes = undefined;
    dropBytes();
    if (deps.cancelled(folderId)) return 'skipped';
    // Hash what was decoded: bytes that changed under the decode belong to another hash.
    const after = lstatOrNull(path);
    if (!after) {
      if (result.kind === 'decoded') await imaging.discardThumbnail?.(hash);
      return 'gone';
    }
    if (changedSince(stats, after)) {
      if (result.kind === 'decoded') await imaging.discardThumbnail?.(hash);
      return 'unstable';
    }
    if (result.kind === 'deferred') return defer(folderId, path, origin);
    if (result.kind === 'unreadable') return recordUnreadable(facts, result.reason);
    const decoded = result;
    // The photo, its grouping and its partners in the transaction of this batch's new photos. The orphan timers
    // live outside the database, so they are set once the batch has committed, not in a try it may undo.
    const inserted = await waitAside(
      writes.run(() => {
        // The batch may commit a little later: a folder removed meanwhile gets nothing.
        if (deps.cancelled(folderId)) return null;
        const row = store.insertPhotoWithJob(
          facts,
          hash,
          decoded.format,
          decoded.metadata,
          isoNow(clock),
          origin,
          decoded.existing,
        );
        if (row.created && decoded.fingerprint)
          deps.grouping?.placeNewPhoto(row.photoId, decoded.fingerprint);
        if (row.created) adoptUnreadablePartners(store, path, row.photoId);
        if (row.created) jobsAdded = true;
        return row;
      }),
    );
    if (!inserted) return 'skipped';
    if (!inserted.created) orphans.cancel(inserted.photoId);
    if (inserted.previous !== inserted.photoId) orphans.schedule(inserted.previous);
    return inserted.created ? 'created' : 'linked';
  }

  async function ingest(
    folderId: number,
    path: string,
    force: boolean,
    origin: JobOrigin,
  ): Promise<IngestOutcome> {
    if (deps.cancelled(folderId)) return 'skipped';
    for (let attempt = 0; attempt < STABLE_READ_ATTEMPTS; attempt++) {
      // lstat: a symlink is not followed, whatever it points at (see the README).
      const stats = lstatOrNull(path);
      if (!stats) return 'gone';
      if (!stats.isFile()) return 'skipped';
      const known = store.fileByPath(path);
      const mtimeMs = Math.floor(stats.mtimeMs);
      if (!force && known && isUnchanged({ size: known.size, mtimeMs: known.mtime_ms }, stats)) {
        if (known.folder_id !== folderId)
          store.upsertFile({ folderId, path, size: stats.size, mtimeMs }, known.photo_id, known.error);
        return known.error === null ? 'skipped' : 'unreadable';
      }
      // Nothing new is read while there is no room to keep what reading it makes (a thumbnail, a row).
      if (deps.disk?.full) return defer(folderId, path, origin, force);
      const outcome = await stacks.run(path, () => ingestOnce(folderId, path, stats, origin));
      if (outcome !== 'unstable') return outcome;
      force = true;
    }
    log.warn('a file kept changing while it was read; waiting for it to settle', { path });
    return 'skipped';
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
      if (deps.disk?.noteWriteError(error)) return defer(folderId, path, origin, force);
      log.error('could not ingest a file', { path, error: errorMessage(error) });
      return 'skipped';
    }
  }

  return {
    ingest: safeIngest,
    /** The files put off for want of disk space, handed over once (to be tried again). */
    takeDeferred(): Array<{ path: string; folderId: number; origin: JobOrigin; force: boolean }> {
      const all = [...deferred].map(([path, job]) => ({ path, ...job }));
      deferred.clear();
      return all;
    },
    get deferredCount(): number {
      return deferred.size;
    },
  };
}

export type Ingester = ReturnType<typeof createIngester>;
