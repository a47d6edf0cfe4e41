import type { Database } from 'better-sqlite3';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import type { IngestGrouping } from '../library/ingest';
import { decodedPixelHash, fingerprintOf } from './fingerprint';
import { createGrouping, type Grouping } from './groupingService';
import type { GroupingRule } from './rule';

export { provenanceLabel, shotName, type Grouping } from './groupingService';
export { groupingSavings } from './savings';

export interface BurstGroupingDeps {
  db: Database;
  clock: Clock;
  log: Log;
  events: EventBus;
  enabled: () => boolean;
  /** The cached thumbnail of a photo, made if missing. */
  thumbnail: (hash: string, sourcePath: string) => Promise<string>;
  /** A readable copy of a photo, for the backfill. */
  sourcePath: (photoId: number) => string | null;
  rule?: GroupingRule;
  /** The decoded pixels' hash of a file (default: decodedPixelHash). */
  pixelHash?: (path: string) => Promise<string>;
}

export interface BurstGrouping extends Grouping {
  ingest: IngestGrouping;
  /** Settles followers left from before a restart and fingerprints older photos in the background. */
  /** Starts settling followers at once, and the fingerprint backfill once `backfillAfter` resolves. */
  start(backfillAfter?: Promise<unknown>): void;
  stop(): Promise<void>;
}

const BACKFILL_BATCH = 50;

export function createBurstGrouping(deps: BurstGroupingDeps): BurstGrouping {
  const { log, events } = deps;
  const grouping = createGrouping(deps);
  let stopped = false;
  let backfill: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;

  const settle = () => {
    try {
      if (grouping.settleFinishedLeaders() > 0) events.emit('photos.changed', { count: 1 });
    } catch (error) {
      log.error('could not copy a burst caption', { error: String(error) });
    }
  };

  // Photos waiting for their identity check, taken one at a time: a check may decode whole originals, and a
  // scan adds photos faster than that, so checks started as they came held every decode in flight at once and
  // took the threads the scan's own thumbnails need.
  // A set: when checks fall behind a scan, many wait, and a list's search for one already waiting grew with them.
  const identityWaiting = new Set<number>();
  let identityRunner: Promise<void> | null = null;
  /** Originals read and decoded again for their pixel hash since the checks last ran dry, for the log. */
  let decodedSinceIdle = 0;

  /** Identical pixels are looked for only among photos that could have them (see pixelsNeeded), off the ingest path. */
  async function checkIdentity(photoId: number): Promise<void> {
    const ids = grouping.pixelsNeeded(photoId);
    if (ids.length === 0) return;
    // The hashes and the placing written in one transaction: a commit each was most of a check's main-thread time.
    const hashed: Array<[number, string]> = [];
    let complete = false;
    try {
      for (const id of ids) {
        if (stopped) return;
        const path = deps.sourcePath(id);
        if (path === null) return;
        decodedSinceIdle++;
        hashed.push([id, await (deps.pixelHash ?? decodedPixelHash)(path)]);
      }
      complete = true;
    } finally {
      deps.db.transaction(() => {
        for (const [id, pixelHash] of hashed) grouping.savePixelHash(id, pixelHash);
        if (complete) grouping.afterPixels(photoId, ids);
      })();
    }
  }

  function queueIdentityCheck(photoId: number): void {
    // A batch of writes undone and done again places its photos twice: each is checked once.
    if (stopped || identityWaiting.has(photoId)) return;
    identityWaiting.add(photoId);
    identityRunner ??= (async () => {
      for (;;) {
        const id = identityWaiting.values().next().value;
        if (id === undefined || stopped) break;
        identityWaiting.delete(id);
        await checkIdentity(id).catch((error: unknown) =>
          log.warn('could not compare pixels', { photoId: id, error: String(error) }),
        );
      }
      identityRunner = null;
      // Once a run of checks, not once a photo: how much decoding the photos ingest could not hash left behind.
      if (decodedSinceIdle > 0) log.info('identity checks decoded originals', { count: decodedSinceIdle });
      decodedSinceIdle = 0;
    })();
  }

  async function runBackfill(): Promise<void> {
    for (;;) {
      const batch = grouping.withoutFingerprint(BACKFILL_BATCH);
      let done = 0;
      for (const photo of batch) {
        if (stopped) return;
        const path = deps.sourcePath(photo.id);
        try {
          if (path === null) throw new Error('no readable copy');
          const thumb = await deps.thumbnail(photo.hash, path);
          if (stopped) return;
          grouping.backfilled(photo.id, await fingerprintOf(thumb));
          await checkIdentity(photo.id);
          done += 1;
        } catch (error) {
          // An unreadable photo is not grouped; it is not looked at again until the next start.
          log.warn('no fingerprint for a photo', { photoId: photo.id, error: String(error) });
        }
      }
      if (batch.length < BACKFILL_BATCH || done === 0) return;
    }
  }

  return {
    ...grouping,
    ingest: {
      fingerprint: async (hash, path) => {
        try {
          return await fingerprintOf(await deps.thumbnail(hash, path));
        } catch (error) {
          log.warn('no fingerprint for a photo', { path, error: String(error) });
          return null;
        }
      },
      placeNewPhoto: (photoId, fingerprint) => {
        try {
          grouping.placeNewPhoto(photoId, fingerprint);
          queueIdentityCheck(photoId);
        } catch (error) {
          log.error('could not group a photo', { photoId, error: String(error) });
        }
      },
    },
    start(backfillAfter: Promise<unknown> = Promise.resolve()) {
      // The queue says when a caption was stored or a job ended: a leader's followers are settled then.
      unsubscribe = events.subscribe((name) => {
        if (name === 'photos.changed' || name === 'queue.status') settle();
      });
      settle();
      // Finding the photos without a fingerprint walks every photo: not beside a catch-up.
      backfill = backfillAfter
        .then(() => (stopped ? undefined : runBackfill()))
        .catch((error: unknown) => log.error('fingerprint backfill stopped', { error: String(error) }));
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      await backfill;
      await identityRunner;
    },
  };
}
