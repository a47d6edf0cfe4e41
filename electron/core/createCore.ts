import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from './clock';
import type { Core, CoreOptions, ImageSize } from './coreInterface';
import { preparePrivateDataDir } from './dataDir';
import { openDatabase } from './db/openDatabase';
import { EventBus } from './events';
import { consoleLog } from './log';
import { createApiHandlers } from './apiHandlers';
import { ThumbnailStore, prepareUpload, probeImage, isCandidateImageName } from './imaging/index';
import { createLibrary } from './library/index';
import { createMeaningService } from './meaning/meaningService';
import { createExportJobs } from './export/exportJobs';
import { chooseWatcher } from './library/chooseWatcher';
import { createHashPool } from './library/hashPool';
import { handOver } from './callProtocol';
import { readExistingDescriptions } from './imaging/existingMetadata';
import { closeRawExiftool } from './imaging/rawExiftool';
import { createCaptionQueue } from './captioning/index';
import { createSettingsStore } from './settings/settingsStore';
import { createFileKeyStore } from './settings/fileKeyStore';
import { findReadablePath, findReadablePathById } from './stores/photosStore';
import { createSpendService } from './spend/spendService';
import { createSpendGate } from './spend/spendGate';
import { createReviewService } from './review/reviewService';
import { createPreferredWords } from './review/preferredWords';
import { createExportService } from './export/exportService';
import { createEmbeddedWriter } from './export/embeddedWriter';
import { createConnectionTester } from './providers/connectionService';
import { DiskSpace } from './diskSpace/diskSpace';
import { withDiskFullAnswers } from './diskSpace/diskFullErrors';
import { closeReferenceData, prepareReferenceData, stopPreparingReferenceData } from './search/referenceData';
import { createBurstGrouping } from './grouping/index';
import { keepSharpLean } from './imaging/sharpMemory';
import { createBakeoff } from './bakeoff/bakeoffService';
import { createBackgroundThreads } from './backgroundThreads';

const HASH = /^[0-9a-f]{64}$/;
/** How often (ms) threads made since the last look are lowered below the main thread (see backgroundThreads). */
const BACKGROUND_LOOK_MS = 2000;

/**
 * Request timeout and retry pacing. The defaults suit real providers; SHOEBOX_REQUEST_TIMEOUT_MS and
 * SHOEBOX_RETRY_BASE_MS let tests and demos against the fake provider run faster.
 */
function requestTuning(env: Record<string, string | undefined>): {
  timeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  batchPollMs?: number;
} {
  const timeout = Number(env.SHOEBOX_REQUEST_TIMEOUT_MS);
  const base = Number(env.SHOEBOX_RETRY_BASE_MS);
  const batchPoll = Number(env.SHOEBOX_BATCH_POLL_MS);
  return {
    ...(batchPoll > 0 ? { batchPollMs: batchPoll } : {}),
    ...(timeout > 0 ? { timeoutMs: timeout } : {}),
    ...(base > 0 ? { backoff: { baseMs: base, maxMs: Math.max(base * 64, 1000) } } : {}),
  };
}

/** SHOEBOX_HASH_WORKERS sets the hashing pool's size (0 hashes on the main thread), for measuring its cost. */
function hashWorkers(env: Record<string, string | undefined>): number | undefined {
  const wanted = Number(env.SHOEBOX_HASH_WORKERS);
  return env.SHOEBOX_HASH_WORKERS && Number.isInteger(wanted) && wanted >= 0 ? wanted : undefined;
}

/** SHOEBOX_LARGE_TREE_ENTRIES and SHOEBOX_LARGE_TREE_FOLDERS move the size past which a folder asks first. */
function largeTreeLimits(env: Record<string, string | undefined>): {
  largeTree?: { entries: number; folders: number };
} {
  const entries = Number(env.SHOEBOX_LARGE_TREE_ENTRIES);
  const folders = Number(env.SHOEBOX_LARGE_TREE_FOLDERS);
  if (!(entries > 0) && !(folders > 0)) return {};
  return { largeTree: { entries: entries > 0 ? entries : 500_000, folders: folders > 0 ? folders : 50_000 } };
}

/**
 * The composition root: builds the whole core (database, library, caption queue, services) and wires the
 * contract's handlers over it. Nothing else constructs services; tests build the core through here too.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? consoleLog;
  const db = openDatabase(preparePrivateDataDir(options.dataDir));
  const events = new EventBus();
  const envPoll = Number(options.env.SHOEBOX_DISK_POLL_MS);
  const disk = new DiskSpace({
    dir: options.dataDir,
    log,
    ...(options.diskPollMs !== undefined
      ? { pollMs: options.diskPollMs }
      : envPoll > 0
        ? { pollMs: envPoll }
        : {}),
  });
  const settings = createSettingsStore(db, {
    env: options.env,
    keyStore: options.keyStore ?? createFileKeyStore(options.dataDir),
    systemLocale: options.systemLocale,
    preferredWords: createPreferredWords(db, clock),
  });
  const thumbnails = new ThumbnailStore(join(options.dataDir, 'thumbnails'));
  const spend = createSpendService({
    db,
    clock,
    provider: () => {
      const resolved = settings.resolveProvider();
      return 'error' in resolved ? null : resolved;
    },
    uploadMaxPx: () => settings.get().uploadMaxPx,
  });
  const gate = createSpendGate(db, spend, () => new Date(clock.now()));
  const tuning = requestTuning(options.env);
  const testConnection = createConnectionTester({ settings, spend, timeoutMs: tuning.timeoutMs });
  const queue = createCaptionQueue({
    db,
    events,
    clock,
    log,
    settings,
    prepareUpload,
    gate,
    checkSetup: async (resolved) => (await testConnection(resolved)).queueReason,
    heldBy: () => disk.message(),
    isDiskFull: (error) => disk.noteWriteError(error),
    ...tuning,
  });
  const hashes = createHashPool(hashWorkers(options.env));
  const grouping = createBurstGrouping({
    db,
    clock,
    log,
    events,
    enabled: () => settings.tuning().groupBursts,
    thumbnail: (hash, path) => thumbnails.ensure(hash, path, 'thumb'),
    sourcePath: (photoId) => findReadablePathById(db, photoId),
    pixelHash: (path) => hashes.pixelHash(path),
  });
  // A full disk holds the queue; room again lets it go on by itself.
  disk.onChange(() => queue.wake());
  keepSharpLean();
  const library = createLibrary({
    db,
    events,
    clock,
    log,
    imaging: {
      probe: probeImage,
      makeThumbnail: async (hash, path, bytes) => {
        await thumbnails.ensure(hash, path, 'thumb', bytes);
      },
      discardThumbnail: async (hash) => {
        await unlink(thumbnails.pathFor(hash, 'thumb')).catch(() => undefined);
      },
      isCandidateImageName,
      readExisting: (path, bytes) => readExistingDescriptions(path, log, bytes),
      // Ingest does not use the bytes after this call: moved to the worker, not copied.
      decodeNew: (hash, path, bytes, withFingerprint, withWords) =>
        hashes.decode(path, handOver(bytes), thumbnails.pathFor(hash, 'thumb'), withFingerprint, withWords),
    },
    onNewJobs: () => queue.wake(),
    grouping: grouping.ingest,
    dataDir: options.dataDir,
    disk,
    ...largeTreeLimits(options.env),
    readPhoto: hashes.read,
    watchFolder: chooseWatcher(process.platform, options.env.SHOEBOX_WATCHER).watch,
    ...(options.writeFinishMs === undefined ? {} : { writeFinishMs: options.writeFinishMs }),
  });

  const bakeoff = createBakeoff({
    db,
    clock,
    log,
    settings,
    spend,
    gate,
    prepareUpload,
    timeoutMs: tuning.timeoutMs,
  });
  const review = createReviewService(db, clock, (photoIds) =>
    events.emit('photos.changed', { count: Math.max(photoIds.length, 1) }),
  );
  const exporter = createExportService({
    db,
    clock,
    dataDir: options.dataDir,
    writer: createEmbeddedWriter(),
  });
  const meaning = createMeaningService(db, {
    // Twice the disk's low-water mark: vectors never take the last room captions and thumbnails need.
    roomToWrite: () => !disk.full && (disk.freeBytes() ?? Infinity) >= 2 * disk.lowWaterBytes(),
    inUse: () => /^en\b/i.test(settings.captionLanguage()),
    onFailure: (reason) =>
      log.warn('The sentence encoder failed; searches go by words alone for a while', { reason }),
  });
  const exportJobs = createExportJobs({ exporter, events, clock, dataDir: options.dataDir });
  const api = withDiskFullAnswers(
    createApiHandlers({
      db,
      library,
      queue,
      settings,
      spend,
      review,
      exporter,
      exportJobs,
      testConnection,
      grouping,
      bakeoff,
      meaning,
      options,
    }),
    disk,
  );

  async function image(hash: string, size: ImageSize) {
    if (!HASH.test(hash)) return null;
    const source = findReadablePath(db, hash);
    if (!source) return null;
    const path = await thumbnails.ensure(hash, source, size);
    return { path, mime: path.endsWith('.jpg') ? 'image/jpeg' : 'image/webp' };
  }

  // Grouping starts first (the order its events need), its backfill once the catch-up has ended (below).
  let catchUpEnded!: () => void;
  const caughtUp = new Promise<void>((resolve) => (catchUpEnded = resolve));
  grouping.start(caughtUp);
  // A vocabulary merge or its undo that a crash or a quit cut off is completed (its batches are idempotent).
  review
    .resumeUnfinished()
    .catch((error: unknown) =>
      log.warn('An unfinished vocabulary change could not be completed', { error: String(error) }),
    );
  await library.start();
  queue.start();
  // Captions written before this version, or while the app was closed, get their vectors in the background,
  // and a caption written now gets its vector at once rather than at the next look.
  meaning.start();
  events.subscribe((name) => {
    if (name === 'photos.changed') meaning.wake();
  });
  // The places and WordNet's lexicon are built on a data folder's first start, on a worker thread, rather than
  // in the first photo view or search; where that cannot be done, the first photo view or search builds them.
  const lexicon = prepareReferenceData(db, disk.freeBytes()).catch((error: unknown) =>
    log.warn('The related-words lexicon could not be built; searches go without it', {
      error: String(error),
    }),
  );
  void library.whenCaughtUp().then(() => catchUpEnded());
  // The API's thread before the scan's (see backgroundThreads): looked for again as work makes new ones.
  const background = createBackgroundThreads();
  const lowering = setInterval(() => background.lowerNew(), BACKGROUND_LOOK_MS);
  lowering.unref();

  return {
    api,
    events,
    image,
    exportFile: (id) => exportJobs.file(id),
    async stop() {
      clearInterval(lowering);
      catchUpEnded();
      await meaning.close();
      await review.stop();
      await queue.stop();
      await library.stop();
      await exportJobs.idle();
      await hashes.close();
      await grouping.stop();
      disk.stop();
      await exporter.close();
      await closeRawExiftool();
      await stopPreparingReferenceData(db);
      await lexicon;
      closeReferenceData(db);
      db.close();
    },
  };
}
