import { statSync } from 'node:fs';
import type { UploadImage } from './outcomes';

export interface UploadSettings {
  maxSide: number;
  keepMetadata: boolean;
}

interface Prepared {
  key: string;
  /** The file's size and mtime when its preparation began: a file changed since is prepared again. */
  stamp: Promise<string | null>;
  upload: Promise<UploadImage>;
}

/**
 * Size and modification time, or null when the file cannot be read. Looked at synchronously, microseconds for
 * a file the queue has just found: an asynchronous look could land after the encoder's read had begun.
 */
function fileStampOf(path: string): Promise<string | null> {
  try {
    const found = statSync(path, { throwIfNoEntry: false });
    return Promise.resolve(found ? `${found.size}:${found.mtimeMs}` : null);
  } catch {
    return Promise.resolve(null);
  }
}

/**
 * Prepares the uploads of the next jobs while the current requests are out, so a request never waits for
 * sharp: at 1.5 s per call the encode is otherwise added to every call of every worker. Only a few are held
 * (about one per parallel request), and one prepared with other settings or from another file is not used.
 * The first round can be prepared while the queue waits for the user (see `fill`'s `evenAwaitingApproval`),
 * which may be long: a file changed since its upload was prepared is prepared again.
 */
export function createUploadPrefetch(deps: {
  makeUpload: (path: string, settings: UploadSettings) => Promise<UploadImage>;
  /** The jobs that would be claimed next, in order; with the flag, counting those that wait for approval. */
  upcoming: (count: number, evenAwaitingApproval: boolean) => number[];
  /** The file a job's photo would be read from; asked only for a job not prepared yet (it costs a lookup). */
  pathOf: (photoId: number) => string | null;
  /** What tells a changed file apart (size and mtime unless a test says otherwise). */
  stampOf?: (path: string) => Promise<string | null>;
}) {
  const ready = new Map<number, Prepared>();
  const stampOf = deps.stampOf ?? fileStampOf;
  /** A fill asked for a little later (`fillSoon`), with the newest count and settings asked. */
  let later: { timer: NodeJS.Timeout; count: number; settings: UploadSettings } | null = null;

  function keyOf(path: string, settings: UploadSettings): string {
    return JSON.stringify([path, settings.maxSide, settings.keepMetadata]);
  }

  function start(photoId: number, settings: UploadSettings): void {
    const path = deps.pathOf(photoId);
    if (path === null) return;
    // Taken before the read starts (the default look is synchronous): a file rewritten between the two then
    // has an upload of its new bytes under its old stamp and is prepared again, never the other way round.
    const stamp = stampOf(path);
    const upload = deps.makeUpload(path, settings);
    // A failure is reported when the job is taken; until then it must not count as unhandled.
    upload.catch(() => undefined);
    ready.set(photoId, { key: keyOf(path, settings), stamp, upload });
  }

  async function stillFits(held: Prepared, path: string, settings: UploadSettings): Promise<boolean> {
    if (held.key !== keyOf(path, settings)) return false;
    const [then, now] = await Promise.all([held.stamp, stampOf(path)]);
    return then !== null && then === now;
  }

  /**
   * Starts preparing the next `count` jobs' uploads that are not prepared yet. `evenAwaitingApproval`
   * counts jobs that wait for the user's yes: encoding spends nothing and sends nothing.
   */
  function fill(count: number, settings: UploadSettings, evenAwaitingApproval = false): void {
    if (count <= 0) return;
    // Called once per request sent: most of the next jobs are prepared already, and only the rest are looked up.
    for (const photoId of deps.upcoming(count, evenAwaitingApproval)) {
      if (!ready.has(photoId)) start(photoId, settings);
    }
    // Jobs that went elsewhere (approved later, removed) leave their uploads behind: keep the newest.
    for (const photoId of ready.keys()) {
      if (ready.size <= count * 2) break;
      ready.delete(photoId);
    }
  }

  function cancelLater(): void {
    if (later) clearTimeout(later.timer);
    later = null;
  }

  return {
    /** The prepared upload for this job, or a fresh preparation when none fits. */
    async take(photoId: number, path: string, settings: UploadSettings): Promise<UploadImage> {
      const held = ready.get(photoId);
      ready.delete(photoId);
      if (held && (await stillFits(held, path, settings))) return held.upload;
      return deps.makeUpload(path, settings);
    },
    /** Starts preparing this job's upload unless it is prepared already (a job just claimed). */
    warm(photoId: number, settings: UploadSettings): void {
      if (!ready.has(photoId)) start(photoId, settings);
    },
    fill,
    /**
     * `fill`, `delayMs` from the first ask: the answers of a round of parallel requests come in together, and
     * encoding the next round's uploads at that moment took both cores from the main thread that handles them
     * and sends the next requests. With nothing prepared any more, a fill cannot wait.
     */
    fillSoon(count: number, settings: UploadSettings, delayMs: number): void {
      if (delayMs <= 0 || ready.size === 0) {
        cancelLater();
        return fill(count, settings);
      }
      if (later) {
        later.count = count;
        later.settings = settings;
        return;
      }
      const timer = setTimeout(() => {
        const asked = later;
        later = null;
        if (asked) fill(asked.count, asked.settings);
      }, delayMs);
      timer.unref?.();
      later = { timer, count, settings };
    },
    /** How many uploads are prepared or being prepared. */
    held(): number {
      return ready.size;
    },
    clear(): void {
      cancelLater();
      ready.clear();
    },
  };
}
