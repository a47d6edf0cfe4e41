import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { turnsDuring } from '../../../test/support/turnsDuring';
import { foldersChangedSince, MTIME_SLACK_MS } from './changedFolders';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'shoebox-changed-folders-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('folders changed since a catch-up began', () => {
  it('are those whose mtime moved since, outermost only, whatever sorts between a folder and its own', async () => {
    const dirs = ['b', 'b c', join('b', 'c'), 'd', join('d', 'e'), 'gone'].map((name) => join(root, name));
    for (const dir of dirs) mkdirSync(dir, { recursive: true });
    const since = Date.now();
    const old = new Date(since - MTIME_SLACK_MS - 60_000);
    // b, b/c and b c changed; d did not, d/e did; gone went.
    utimesSync(join(root, 'd'), old, old);
    rmSync(join(root, 'gone'), { recursive: true });
    expect((await foldersChangedSince(dirs, since)).sort()).toEqual(
      [join(root, 'b'), join(root, 'b c'), join(root, 'd', 'e')].sort(),
    );
    for (const dir of dirs.slice(0, 5)) utimesSync(dir, old, old);
    expect(await foldersChangedSince(dirs, since)).toEqual([]);
  });

  it('looks at a large tree in slices, answering other work between them', async () => {
    const dirs = Array.from({ length: 2500 }, (_, i) => join(root, `d${i}`));
    for (const dir of dirs) mkdirSync(dir);
    const { result: changed, turns } = await turnsDuring(() => foldersChangedSince(dirs, Date.now()));
    expect(changed).toHaveLength(2500);
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
