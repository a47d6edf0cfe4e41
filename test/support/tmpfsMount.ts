// A small tmpfs mounted for a test (a full disk on demand). Needs root; where mounting is not allowed the
// caller skips and says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export interface TmpfsMount {
  path: string;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (e.g. "3m") at `path`; returns null with the reason when that is not allowed. */
export function mountTmpfs(path: string, size: string): TmpfsMount | { refused: string } {
  mkdirSync(path, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], {
    encoding: 'utf8',
  });
  if (result.error || result.status !== 0) {
    return { refused: (result.error?.message ?? result.stderr.trim()) || `mount exited ${result.status}` };
  }
  let mounted = true;
  return {
    path,
    unmount() {
      if (!mounted) return;
      const out = spawnSync('umount', ['-l', path], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`could not unmount ${path}: ${out.stderr}`);
      mounted = false;
    },
  };
}
