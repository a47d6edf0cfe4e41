import { lstatSync } from 'node:fs';
import type { ScanProgress } from '../../../shared/types';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { KnownFile } from './catalogueStore';
import type { Ingester, JobOrigin } from './ingest';
import { ScanPace } from './scanPace';
import { isUnchanged } from './unchanged';
import { walkPhotoBatches, type TreeRules, type WalkReport } from './walk';
import type { WorkQueue } from './workQueue';

/** At most this often (ms) a scan reports progress and new photos, so a 100k-file scan stays quiet. */
export const PROGRESS_INTERVAL_MS = 250;

export interface WalkAndIngestDeps {
  rules: TreeRules;
  work: WorkQueue;
  ingester: Ingester;
  events: EventBus;
  clock: Clock;
  log: Log;
  /** Reads again what a known photo says about itself (a rescan the user asked for). */
  rereadExisting(path: string, photoId?: number): Promise<void>;
  photosChanged(count: number): void;
}

export interface WalkAndIngestResult {
  walk: WalkReport;
  progress: ScanProgress;
  /** Photos added or re-linked and not yet reported as changed. */
  unreported: number;
  /** Files put off for want of disk space. */
  deferred: number;
  /**
   * Files the catalogue knew in the folder that the walk did not meet (none when it was cancelled): the
   * candidates for forgetting, found without a second read of the folder's files or a set of every path met.
   */
  unmet: string[];
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
  /**
   * What the catalogue knew of the folder (`readKnownFiles`; empty for a folder new to it), compared with the
   * walk. Emptied by the pass: each file met is taken out.
   */
  known: Map<string, KnownFile>;
  /** Keep every folder listed, with its mtime (WalkReport.listed). */
  keepListed?: boolean;
}

/** One pass over a folder: every candidate file is ingested (a handful at a time), progress is reported. */
export async function walkAndIngest(
  deps: WalkAndIngestDeps,
  folderId: number,
  root: string,
  how: ScanHow,
  cancelled: () => boolean,
): Promise<WalkAndIngestResult> {
  const { work, ingester, events, clock, log } = deps;
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
  const walk: WalkReport = {
    failedDirs: [],
    entries: 0,
    folders: 0,
    ...(how.keepListed ? { listed: new Map<string, number>() } : {}),
  };
  const inFlight = new Set<Promise<void>>();
  const inWork = async (job: () => Promise<void>) => {
    await work.room();
    const task = work.run(job);
    inFlight.add(task);
    void task.then(() => inFlight.delete(task));
  };
  const rereadWords = (path: string, photoId?: number) =>
    deps.rereadExisting(path, photoId).catch((error: unknown) =>
      log.warn('could not read existing metadata again', {
        path,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  const ingestOne = async (path: string, force: boolean) => {
    const outcome = await ingester.ingest(folderId, path, force, origin);
    if (outcome === 'skipped' && reread) await rereadWords(path);
    if (outcome === 'created' || outcome === 'linked') changed++;
    if (outcome === 'unreadable') progress.filesUnreadable++;
    else if (outcome === 'deferred') deferred++;
    else progress.filesIngested++;
    report();
  };
  events.emit('scan.progress', { ...progress });
  // A folder catalogued before is compared with what it knew, read once rather than asked per file (a rescan
  // the user asked for too).
  const { known } = how;
  let turnAt = performance.now();
  for await (const batch of walkPhotoBatches(root, deps.rules, walk, cancelled)) {
    for (const path of batch) {
      if (cancelled()) break;
      progress.filesSeen++;
      const knownFile = known.get(path);
      if (knownFile) known.delete(path);
      // Synchronous: a few microseconds, where going through the ingest queue made a catch-up ten times `find`.
      // lstat, so a symlink is not followed, whatever it points at (see the README).
      if (!knownFile || !isUnchanged(knownFile, lstatSync(path, { throwIfNoEntry: false }))) {
        await inWork(() => ingestOne(path, false));
      } else if (reread && knownFile.unreadable) {
        // A rescan the user asked for gives a file once found unreadable another chance.
        await inWork(() => ingestOne(path, true));
      } else if (reread && knownFile.photoId !== null) {
        // ...and reads again what each known photo says about itself.
        const photoId = knownFile.photoId;
        await inWork(async () => {
          await rereadWords(path, photoId);
          progress.filesIngested++;
          report();
        });
      } else {
        if (knownFile.unreadable) progress.filesUnreadable++;
        else progress.filesIngested++;
        report();
      }
    }
    if (cancelled()) break;
    if (performance.now() - turnAt > TURN_MS) {
      await nextTurn();
      turnAt = performance.now();
    }
  }
  const unmet = cancelled() ? [] : [...known.keys()];
  known.clear();
  await Promise.all(inFlight);
  return {
    walk,
    progress,
    unreported: changed - reportedChanged,
    deferred,
    unmet,
  };
}
