import type { UploadImage } from './outcomes';

export interface UploadSettings {
  maxSide: number;
  keepMetadata: boolean;
}

interface Prepared {
  key: string;
  upload: Promise<UploadImage>;
}

/**
 * Prepares the uploads of the next jobs while the current requests are out, so a request never waits for
 * sharp: at 1.5 s per call the encode is otherwise added to every call of every worker. Only a few are held
 * (about one per parallel request), and one prepared with other settings or from another file is not used.
 */
export function createUploadPrefetch(deps: {
  makeUpload: (path: string, settings: UploadSettings) => Promise<UploadImage>;
  /** The jobs that would be claimed next, in order. */
  upcoming: (count: number) => number[];
  /** The file a job's photo would be read from; asked only for a job not prepared yet (it costs a lookup). */
  pathOf: (photoId: number) => string | null;
}) {
  const ready = new Map<number, Prepared>();

  function keyOf(path: string, settings: UploadSettings): string {
    return JSON.stringify([path, settings.maxSide, settings.keepMetadata]);
  }

  function start(photoId: number, settings: UploadSettings): void {
    const path = deps.pathOf(photoId);
    if (path === null) return;
    const upload = deps.makeUpload(path, settings);
    // A failure is reported when the job is taken; until then it must not count as unhandled.
    upload.catch(() => undefined);
    ready.set(photoId, { key: keyOf(path, settings), upload });
  }

  return {
    /** The prepared upload for this job, or a fresh preparation when none fits. */
    take(photoId: number, path: string, settings: UploadSettings): Promise<UploadImage> {
      const held = ready.get(photoId);
      ready.delete(photoId);
      if (held && held.key === keyOf(path, settings)) return held.upload;
      return deps.makeUpload(path, settings);
    },
    /** Starts preparing this job's upload unless it is prepared already (a job just claimed). */
    warm(photoId: number, settings: UploadSettings): void {
      if (!ready.has(photoId)) start(photoId, settings);
    },
    /** Starts preparing the next `count` jobs' uploads that are not prepared yet. */
    fill(count: number, settings: UploadSettings): void {
      if (count <= 0) return;
      // Called once per request sent: most of the next jobs are prepared already, and only the rest are looked up.
      for (const photoId of deps.upcoming(count)) {
        if (!ready.has(photoId)) start(photoId, settings);
      }
      // Jobs that went elsewhere (approved later, removed) leave their uploads behind: keep the newest.
      for (const photoId of ready.keys()) {
        if (ready.size <= count * 2) break;
        ready.delete(photoId);
      }
    },
    clear(): void {
      ready.clear();
    },
  };
}
