import { statfsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import type { Log } from '../log';
import { formatBytes } from '../../../shared/formatBytes';

/** Error codes that mean "no room to write", as opposed to a verdict about the file being written. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const FULL_MESSAGE =
  /no space left on device|disk quota exceeded|database or disk is full|\bENOSPC\b|\bEDQUOT\b/i;

/** True when `error` (or anything in its cause chain) says the disk is full. */
export function isDiskFullError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return typeof current === 'string' && FULL_MESSAGE.test(current);
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
    if (typeof message === 'string' && FULL_MESSAGE.test(message)) return true;
    current = cause;
  }
  return false;
}

/** What the window says while the data disk is full. */
export function diskFullMessage(free: number): string {
  return `The disk holding Shoebox's data is full: ${formatBytes(free)} free. Free space; nothing was lost.`;
}

export interface DiskSpaceOptions {
  /** The data folder: catalogue, thumbnails, backups. */
  dir: string;
  log: Log;
  /** How often free space is looked at again while the disk is full (default 5 s). */
  pollMs?: number;
}

/**
 * Knows whether the disk holding Shoebox's data is full. A write that fails for lack of room is reported here
 * (never recorded as a fault of the photo); ingest and captioning hold off while it is full, and it notices by
 * itself, by polling free space, when room returns.
 */
export class DiskSpace {
  readonly #dir: string;
  readonly #log: Log;
  readonly #pollMs: number;
  readonly #listeners = new Set<(full: boolean) => void>();
  #message: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #lastLook = 0;

  constructor(options: DiskSpaceOptions) {
    this.#dir = options.dir;
    this.#log = options.log;
    this.#pollMs = options.pollMs ?? 5000;
  }

  /**
   * True while the disk is full: after a write failed for lack of room, or when free space is seen below the
   * low-water mark (looked at, at most once a second, before work that would write), so nothing is sent or
   * read whose result could not be kept.
   */
  get full(): boolean {
    if (this.#message === null && !this.#stopped && Date.now() - this.#lastLook >= 1000) {
      this.#lastLook = Date.now();
      const free = this.freeBytes();
      if (free !== null && free < this.lowWaterBytes()) this.#enterFull();
    }
    return this.#message !== null;
  }

  /** What the user reads while the disk is full, or null. */
  message(): string | null {
    return this.full ? this.#message : null;
  }

  onChange(listener: (full: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Free bytes for an unprivileged writer, or null when the folder cannot be looked at. */
  freeBytes(): number | null {
    try {
      const s = statfsSync(this.#dir);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  /**
   * Below this, a failed write is taken for a full disk even when the error does not say so (libvips reports
   * only "write error"), and above it writing resumes: a tenth of the disk, between 256 KB and 32 MB.
   */
  lowWaterBytes(): number {
    try {
      const s = statfsSync(this.#dir);
      return Math.min(32 * 2 ** 20, Math.max(256 * 1024, (s.blocks * s.bsize) / 10));
    } catch {
      return 256 * 1024;
    }
  }

  /**
   * Classifies a failed write: true (and the disk is now marked full) when it failed for lack of room,
   * judged by the error itself or, for an error that does not say, by the free space left.
   */
  noteWriteError(error: unknown, options: { ambiguous?: boolean } = {}): boolean {
    if (this.#stopped) return false;
    let full = isDiskFullError(error);
    if (!full && options.ambiguous) {
      const free = this.freeBytes();
      full = free !== null && free < this.lowWaterBytes();
    }
    if (full) this.#enterFull();
    return full;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #enterFull(): void {
    const free = this.freeBytes() ?? 0;
    const wasFull = this.full;
    this.#message = diskFullMessage(free);
    if (wasFull) return;
    this.#log.warn('the data disk is full; ingest and captioning wait', { dir: this.#dir, free });
    this.#emit(true);
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => void this.#poll(), this.#pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    this.#timer = null;
    if (this.#stopped || !this.full) return;
    const free = await statfs(this.#dir).then(
      (s) => s.bavail * s.bsize,
      () => 0,
    );
    // A margin over the low-water mark, so one thumbnail written does not make it full again at once.
    if (free >= this.lowWaterBytes() * 1.5) {
      this.#message = null;
      this.#log.info('room on the data disk again; resuming', { dir: this.#dir, free });
      this.#emit(false);
      return;
    }
    this.#message = diskFullMessage(free);
    this.#schedulePoll();
  }

  #emit(full: boolean): void {
    for (const listener of this.#listeners) {
      try {
        listener(full);
      } catch (error) {
        this.#log.error('disk-space listener failed', { error: String(error) });
      }
    }
  }
}
