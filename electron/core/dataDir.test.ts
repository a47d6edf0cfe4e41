import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPath } from '../../test/support/corpus';
import { startCore } from '../../test/support/coreHarness';
import { preparePrivateDataDir } from './dataDir';
import { ThumbnailStore } from './imaging/thumbnails';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the data folder', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const scratch = () => {
    const root = mkdtempSync(join(tmpdir(), 'shoebox-datadir-'));
    roots.push(root);
    return root;
  };

  it('is created private, and so is the catalogue SQLite writes beside its journal', async () => {
    const dataDir = join(scratch(), 'nested', 'data');
    const core = await startCore(dataDir, {});
    try {
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'catalogue.sqlite'))).toBe(0o600);
      expect(mode(join(dataDir, 'catalogue.sqlite-wal'))).toBe(0o600);
    } finally {
      await core.stop();
    }
  });

  it('tightens an existing world-readable data folder at startup, without following links out of it', () => {
    const root = scratch();
    const dataDir = join(root, 'data');
    const outside = join(root, 'photos.jpg');
    writeFileSync(outside, 'a photo of the user');
    chmodSync(outside, 0o644);
    mkdirSync(join(dataDir, 'thumbnails', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'catalogue.sqlite'), '');
    writeFileSync(join(dataDir, 'thumbnails', 'ab', 'ab12-thumb.webp'), 'pixels');
    symlinkSync(outside, join(dataDir, 'link.jpg'));
    for (const dir of [dataDir, join(dataDir, 'thumbnails'), join(dataDir, 'thumbnails', 'ab')])
      chmodSync(dir, 0o755);
    chmodSync(join(dataDir, 'catalogue.sqlite'), 0o644);
    chmodSync(join(dataDir, 'thumbnails', 'ab', 'ab12-thumb.webp'), 0o644);

    preparePrivateDataDir(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'thumbnails'))).toBe(0o700);
    expect(mode(join(dataDir, 'thumbnails', 'ab'))).toBe(0o700);
    expect(mode(join(dataDir, 'catalogue.sqlite'))).toBe(0o600);
    expect(mode(join(dataDir, 'thumbnails', 'ab', 'ab12-thumb.webp'))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
  });

  it('writes thumbnails private', async () => {
    const dir = join(scratch(), 'thumbnails');
    const made = await new ThumbnailStore(dir).ensure(
      'ab'.repeat(32),
      corpusPath('photos/animal_squirrel-on-branch.jpg'),
      'thumb',
    );
    expect(mode(made)).toBe(0o600);
    expect(mode(join(dir, 'ab'))).toBe(0o700);
  });
});
