import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoundedText, readBoundedTextSync, TOO_LARGE } from './readBoundedText';
import { SidecarReader } from './sidecarReader';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-sidecar-reader-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function codeOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  return undefined;
}

describe('reading a sidecar on the calling thread', () => {
  it('gives what the thread-pool read gives: the text, or too large, or the error of a missing file', async () => {
    const small = join(dir, 'a.jpg.xmp');
    writeFileSync(small, '<x:xmpmeta>é</x:xmpmeta>\n');
    const large = join(dir, 'b.jpg.xmp');
    writeFileSync(large, 'x'.repeat(101));
    expect(readBoundedTextSync(small, 100)).toBe('<x:xmpmeta>é</x:xmpmeta>\n');
    expect(readBoundedTextSync(small, 100)).toBe(await readBoundedText(small, 100));
    expect(readBoundedTextSync(large, 100)).toBe(TOO_LARGE);
    expect(readBoundedTextSync(large, 101)).toBe('x'.repeat(101));
    expect(codeOf(() => readBoundedTextSync(join(dir, 'absent.xmp'), 100))).toBe('ENOENT');
  });

  it('refuses a folder or a FIFO named like a sidecar, without waiting for a writer', () => {
    const folder = join(dir, 'c.jpg.xmp');
    mkdirSync(folder);
    expect(codeOf(() => readBoundedTextSync(folder, 100))).toMatch(/is not a file/);
    const fifo = join(dir, 'd.jpg.xmp');
    execFileSync('mkfifo', [fifo]);
    expect(codeOf(() => readBoundedTextSync(fifo, 100))).toMatch(/is not a file/);
  });
});

describe('the export’s sidecar reader', () => {
  it('reads on the calling thread while reads are fast, and through the pool after a slow window of them', async () => {
    const path = join(dir, 'a.jpg.xmp');
    writeFileSync(path, 'words');
    const fast = new SidecarReader({ window: 2, averageMs: 60_000 });
    for (let i = 0; i < 4; i++) expect(await fast.read(path, 100)).toBe('words');
    expect(fast.readsDirectly).toBe(true);

    // Every read is "slow" at an average of -1 ms: the first full window sends the export to the pool for good.
    const slow = new SidecarReader({ window: 2, averageMs: -1 });
    expect(await slow.read(path, 100)).toBe('words');
    expect(slow.readsDirectly).toBe(true);
    expect(await slow.read(path, 100)).toBe('words');
    expect(slow.readsDirectly).toBe(false);
    writeFileSync(path, 'more words');
    expect(await slow.read(path, 100)).toBe('more words');
    await expect(slow.read(join(dir, 'absent.xmp'), 100)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(slow.readsDirectly).toBe(false);
  });
});
