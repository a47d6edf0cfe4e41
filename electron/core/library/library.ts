import type { Database } from 'better-sqlite3';
import type { Folder, UnreadableFile } from '../../../shared/types';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { Log } from '../log';
import type { ReadPhoto } from './hashFile';
import type { IngestDisk, IngestGrouping, LibraryImaging } from './ingest';
import type { TreeLimits } from './walk';
import type { SweepOptions } from './folderSweep';
import type { WatchFolder } from './watcher';

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
  /** sha256 of a file (default: on the main thread). */
  hashFile?: (path: string) => Promise<string>;
  /** sha256 of a file with the bytes hashed (the app passes its worker pool); used instead of hashFile when given. */
  readPhoto?: (path: string) => Promise<ReadPhoto>;
  /** The file watcher (default chokidar). */
  watchFolder?: WatchFolder;
  /** Burst grouping (electron/core/grouping); without it every photo is captioned on its own. */
  grouping?: IngestGrouping;
  /** How often watched folders are looked at for changes their watcher missed (default: DEFAULT_SWEEP). */
  sweep?: Partial<SweepOptions>;
  /** The bytes the photos being read and decoded may hold at once (default: four whole-read photos). */
  bytesInFlight?: number;
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
  /**
   * Resolves once every folder's catch-up scan since `start` has ended or waits for the user's yes to a large
   * tree: background work that the catch-up does not need starts then, not beside it.
   */
  whenCaughtUp(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when scans and ingest work (including watcher events received so far) are drained. */
  whenIdle(): Promise<void>;
}
