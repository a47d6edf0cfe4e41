import { lstatSync } from 'node:fs';
import type { ScanProgress } from '../../../shared/types';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogueStore, KnownFile } from './catalogueStore';
import type { Ingester, JobOrigin } from './ingest';
import { ScanPace } from './scanPace';
import { walkPhotoBatches, type TreeRules, type WalkReport } from './walk';
import type { WorkQueue } from './workQueue';

/** At most this often (ms) a scan reports progress and new photos, so a 100k-file scan stays quiet. */
export const PROGRESS_INTERVAL_MS = 250;

export interface WalkAndIngestDeps {
  store: CatalogueStore;
  rules: TreeRules;
  work: WorkQueue;
  ingester: Ingester;
  events: EventBus;
  clock: Clock;
  log: Log;
  /** Reads again what a known photo says about itself (a rescan the user asked for). */
  rereadExisting(path: string): Promise<void>;
  photosChanged(count: number): void;
}

export interface WalkAndIngestResult {
  /** Every candidate file the walk met. */
  seen: Set<string>;
  walk: WalkReport;
  progress: ScanProgress;
  /** Photos added or re-linked and not yet reported as changed. */
  unreported: number;
  /** Files put off for want of disk space. */
  deferred: number;
}

/**
 * A known file whose size and mtime are as catalogued needs no more than that look: done here, synchronously
 * (a few microseconds, against a map of the folder's files read once), since going through the ingest queue
 * costs a catch-up ten times `find` over the tree. The ingester makes the same decision for anything that
 * reaches it.
 */
function isUnchanged(known: KnownFile | undefined, path: string): boolean {
  if (!known) return false;
  const stats = lstatSync(path, { throwIfNoEntry: false });
  return stats?.isFile() === true && stats.size === known.size && Math.floor(stats.mtimeMs) === known.mtimeMs;
}

/** The longest (ms) a walk goes on between turns of the event loop, so the API answers during a catch-up. */
const TURN_MS = 20;

export interface ScanHow {
  origin: JobOrigin;
  /** Read again what known photos say about themselves (a rescan the user asked for). */
  reread: boolean;
  /** The folder was catalogued before: this pass checks for changes. */
  checking: boolean;
  /** Files the pass expects to meet, for a time left; null when unknown. */
  expected: number | null;
}

/** One pass over a folder: every candidate file is ingested (a handful at a time), progress is reported. */
export async function walkAndIngest(
  deps: WalkAndIngestDeps,
  folderId: number,
  root: string,
  how: ScanHow,
  cancelled: () => boolean,
): Promise<WalkAndIngestResult> {
  const { store, work, ingester, events, clock, log } = deps;
  const { origin, reread } = how;
  const progress: ScanProgress = {
    folderId,
    phase: 'scanning',
    filesSeen: 0,
    filesIngested: 0,
    filesUnreadable: 0,
    checking: how.checking,
    filesExpected: how.expected,
    filesPerSecond: 0,
    secondsLeft: null,
  };
  const pace = new ScanPace(clock.now());
  let changed = 0;
  let reportedChanged = 0;
  let deferred = 0;
  let lastReport = clock.now();
  const report = () => {
    if (clock.now() - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = clock.now();
    const done = progress.filesIngested + progress.filesUnreadable + deferred;
    progress.filesPerSecond = pace.rate(lastReport, done);
    progress.secondsLeft = pace.secondsLeft(progress.filesPerSecond, done, how.expected);
    events.emit('scan.progress', { ...progress });
    deps.photosChanged(changed - reportedChanged);
    reportedChanged = changed;
  };
  const seen = new Set<string>();
  const walk: WalkReport = { failedDirs: [], entries: 0, folders: 0 };
  const inFlight = new Set<Promise<void>>();
  events.emit('scan.progress', { ...progress });
  // A rescan reads every file again; otherwise a folder catalogued before is compared with what it knew.
  const known = !reread && how.checking ? store.knownFilesOfFolder(folderId) : new Map<string, KnownFile>();
  let turnAt = performance.now();
  for await (const batch of walkPhotoBatches(root, deps.rules, walk, cancelled)) {
    for (const path of batch) {
      if (cancelled()) break;
      seen.add(path);
      progress.filesSeen++;
      const knownFile = known.get(path);
      if (isUnchanged(knownFile, path)) {
        if (knownFile!.unreadable) progress.filesUnreadable++;
        else progress.filesIngested++;
        report();
        continue;
      }
      await work.room();
      // A rescan the user asked for gives files once found unreadable another chance.
      const retryUnreadable = reread && (store.fileByPath(path)?.error ?? null) !== null;
      const task = work.run(async () => {
        const outcome = await ingester.ingest(folderId, path, retryUnreadable, origin);
        if (outcome === 'skipped' && reread) {
          await deps.rereadExisting(path).catch((error: unknown) =>
            log.warn('could not read existing metadata again', {
              path,
              error: error instanceof Error ? error.message : String(error),
            }),
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
    if (cancelled()) break;
    if (performance.now() - turnAt > TURN_MS) {
      await nextTurn();
      turnAt = performance.now();
    }
  }
  known.clear();
  await Promise.all(inFlight);
  return { seen, walk, progress, unreported: changed - reportedChanged, deferred };
}
