import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import sharp from 'sharp';
import { systemClock } from '../../electron/core/clock';
import { openDatabase } from '../../electron/core/db/openDatabase';
import { EventBus } from '../../electron/core/events';
import { silentLog } from '../../electron/core/log';
import {
  createLibrary,
  type Library,
  type LibraryDeps,
  type LibraryImaging,
} from '../../electron/core/library/index';
import { CORPUS_DIR } from './corpus';

/** The read-only corpus (SHOEBOX_CORPUS, or ../shared/corpus beside the clone). */
export const CORPUS = CORPUS_DIR;

/** What a probe says of a picture with no EXIF at all: its format and size, nothing else. */
export function bareMetadata(
  format: string,
  width: number,
  height: number,
  orientation: number | null = null,
) {
  return {
    format,
    width,
    height,
    takenAt: null,
    cameraMake: null,
    cameraModel: null,
    lens: null,
    gpsLatitude: null,
    gpsLongitude: null,
    orientation,
  };
}

const IMAGE_NAME = /\.(jpe?g|jpe|png|webp|gif|tiff?|heic|heif|avif|bmp)$/i;

/**
 * A real imaging port for tests (sharp decodes for real), counting calls so tests can tell whether a file
 * was read again. The production port lives in electron/core/imaging.
 */
export function countingImaging(): LibraryImaging & { probes: string[]; thumbs: string[] } {
  const probes: string[] = [];
  const thumbs: string[] = [];
  return {
    probes,
    thumbs,
    async probe(path) {
      probes.push(path);
      let meta;
      try {
        meta = await sharp(path).metadata();
      } catch (error) {
        throw new Error(`not a readable image (${error instanceof Error ? error.message : String(error)})`, {
          cause: error,
        });
      }
      return {
        format: meta.format,
        metadata: bareMetadata(
          meta.format,
          meta.autoOrient.width,
          meta.autoOrient.height,
          meta.orientation ?? null,
        ),
      };
    },
    async makeThumbnail(hash, path) {
      thumbs.push(hash);
      await sharp(path, { failOn: 'truncated' }).resize(32).toBuffer();
    },
    isCandidateImageName: (name) => !name.startsWith('.') && IMAGE_NAME.test(name),
  };
}

export interface Harness {
  dir: string;
  db: Database;
  events: EventBus;
  imaging: ReturnType<typeof countingImaging>;
  jobsSignalled: () => number;
  library: Library;
  /** A fresh library over the same database, as after a restart. */
  restart(): Promise<Library>;
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  writeFinishMs?: number;
  orphanGraceMs?: number;
  /** Extra library dependencies (a data folder, size limits, a disk…). */
  library?: Partial<Omit<LibraryDeps, 'db' | 'events' | 'clock' | 'log' | 'imaging' | 'onNewJobs'>>;
  /** A data folder at this path inside the harness folder (created), passed to the library. */
  dataDirIn?: string;
  /** Wraps the counting imaging port (to change a file mid-ingest, say). */
  imaging?: (base: ReturnType<typeof countingImaging>) => ReturnType<typeof countingImaging>;
}

export function makeHarness(options: HarnessOptions = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-library-'));
  const db = openDatabase(join(dir, 'catalogue.sqlite'));
  if (options.dataDirIn !== undefined) mkdirSync(join(dir, options.dataDirIn), { recursive: true });
  const events = new EventBus();
  let signals = 0;
  const libraries: Library[] = [];
  const harness: Harness = {
    dir,
    db,
    events,
    imaging: (options.imaging ?? ((base) => base))(countingImaging()),
    jobsSignalled: () => signals,
    library: undefined as unknown as Library,
    async restart() {
      await harness.library.stop();
      harness.imaging = (options.imaging ?? ((base) => base))(countingImaging());
      harness.library = build();
      await harness.library.start();
      return harness.library;
    },
    async cleanup() {
      for (const library of libraries) await library.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  function build(): Library {
    const library = createLibrary({
      db,
      events,
      clock: systemClock,
      log: silentLog,
      imaging: harness.imaging,
      onNewJobs: () => signals++,
      writeFinishMs: options.writeFinishMs ?? 200,
      orphanGraceMs: options.orphanGraceMs ?? 60_000,
      ...(options.dataDirIn === undefined ? {} : { dataDir: join(dir, options.dataDirIn) }),
      ...options.library,
    });
    libraries.push(library);
    return library;
  }
  harness.library = build();
  return harness;
}

/** Copies a corpus file (read-only) to `dest`, creating folders on the way. */
export function copyCorpus(corpusPath: string, dest: string): string {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(join(CORPUS, corpusPath), dest);
  return dest;
}

export async function waitFor(check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function count(db: Database, sql: string, ...params: unknown[]): number {
  return db
    .prepare(sql)
    .pluck()
    .get(...params) as number;
}
