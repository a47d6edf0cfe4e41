// What a test file's tests start (temp folders, worker pools, mounts), stopped after each test, also when it
// fails: the last started first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface Cleanups {
  /** Runs `cleanup` once the current test ends. */
  add(cleanup: () => Promise<void> | void): void;
  /** A fresh folder under the temp folder, removed once the current test ends. */
  tempDir(prefix: string): string;
}

/** Call at the top of a test file or `describe`. */
export function cleanupsAfterEach(): Cleanups {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    add: (cleanup) => void cleanups.push(cleanup),
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
