import { lstat } from 'node:fs/promises';

/**
 * Holds each reported path until its size and mtime stop changing for `quietMs`, as chokidar's
 * awaitWriteFinish does, so a photo still being copied in is read once, whole. Costs one timer per file
 * being written, nothing per file at rest.
 */
export class WriteFinish {
  readonly #quietMs: number;
  readonly #settled: (path: string, kind: 'added' | 'changed') => void;
  readonly #pending = new Map<
    string,
    { kind: 'added' | 'changed'; timer: NodeJS.Timeout; size: number; mtimeMs: number }
  >();
  #closed = false;

  constructor(quietMs: number, settled: (path: string, kind: 'added' | 'changed') => void) {
    this.#quietMs = quietMs;
    this.#settled = settled;
  }

  /** A write seen at `path`: (re)starts its quiet period; a file first seen as new stays new. */
  touch(path: string, kind: 'added' | 'changed'): void {
    if (this.#closed) return;
    const before = this.#pending.get(path);
    if (before) clearTimeout(before.timer);
    const entry = {
      kind: before?.kind === 'added' ? 'added' : kind,
      timer: setTimeout(() => void this.#check(path), this.#quietMs),
      size: before?.size ?? -1,
      mtimeMs: before?.mtimeMs ?? -1,
    } as const;
    this.#pending.set(path, { ...entry });
  }

  /** The file is gone: nothing is reported for it. */
  forget(path: string): void {
    const entry = this.#pending.get(path);
    if (entry) clearTimeout(entry.timer);
    this.#pending.delete(path);
  }

  close(): void {
    this.#closed = true;
    for (const entry of this.#pending.values()) clearTimeout(entry.timer);
    this.#pending.clear();
  }

  async #check(path: string): Promise<void> {
    const entry = this.#pending.get(path);
    if (!entry || this.#closed) return;
    const stats = await lstat(path).catch(() => null);
    if (this.#pending.get(path) !== entry || this.#closed) return;
    if (!stats) {
      this.#pending.delete(path);
      return;
    }
    if (stats.size !== entry.size || stats.mtimeMs !== entry.mtimeMs) {
      entry.size = stats.size;
      entry.mtimeMs = stats.mtimeMs;
      entry.timer = setTimeout(() => void this.#check(path), Math.min(100, this.#quietMs));
      return;
    }
    this.#pending.delete(path);
    this.#settled(path, entry.kind);
  }
}
