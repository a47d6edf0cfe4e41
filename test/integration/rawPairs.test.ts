// RAW files end to end, without a window: a RAW+JPEG pair, a lone RAW and a RAW with no usable preview in
// a temp folder, the real catalogue and the real HTTP fake provider.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { approveAll, envFor, startCore, waitUntilSettled } from '../support/coreHarness';
import { corpusPath } from '../support/corpus';

describe('RAW files in a library', () => {
  let root: string;
  let photos: string;
  let provider: FakeProvider;
  let core: Core | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'shoebox-raw-it-'));
    photos = join(root, 'Photos');
    mkdirSync(photos);
    // The pair as a Canon writes it: the RAW and the camera's JPEG, same name, same folder.
    copyFileSync(
      corpusPath('formats/raw_cr3_canon-eos-r6_pruned-with-embedded-preview.cr3'),
      join(photos, 'IMG_0001.CR3'),
    );
    copyFileSync(
      corpusPath('photos/animal_starfish-in-crate_lumia820_gps.jpg'),
      join(photos, 'IMG_0001.JPG'),
    );
    // A RAW alone, shown by its embedded thumbnail, and one whose only preview is a placeholder.
    copyFileSync(
      corpusPath('formats/raw_raf_fujifilm-s5pro_small-preview.raf'),
      join(photos, 'DSCF0002.RAF'),
    );
    copyFileSync(corpusPath('formats/raw_rw2_panasonic-lx3_small-jpgfromraw.rw2'), join(photos, 'P0003.RW2'));
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(join(root, 'data'), envFor(provider, 'openrouter'));
    await core.api['folders.add']({ path: photos });
    await approveAll(core);
    await waitUntilSettled(core);
  }, 120_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('captions and bills a RAW+JPEG pair once, with both paths listed', async () => {
    const page = await core!.api['photos.search']({ text: '' });
    expect(page.items).toHaveLength(2);
    // Two photos captioned: the pair and the lone RAF; the fake billed exactly those two calls.
    expect(provider.billedCount()).toBe(2);
    const db = new Database(join(root, 'data', 'catalogue.sqlite'), { readonly: true });
    try {
      const ledger = db.prepare(`SELECT photo_id FROM ledger WHERE state = 'settled'`).pluck().all();
      expect(ledger).toHaveLength(2);
      expect(new Set(ledger).size).toBe(2);
      const pairId = db
        .prepare('SELECT photo_id FROM files WHERE path = ?')
        .pluck()
        .get(join(photos, 'IMG_0001.JPG')) as number;
      const detail = await core!.api['photos.get']({ id: pairId });
      expect(detail?.status).toBe('done');
      expect(detail?.locations.map((location) => location.path).sort()).toEqual([
        join(photos, 'IMG_0001.CR3'),
        join(photos, 'IMG_0001.JPG'),
      ]);
    } finally {
      db.close();
    }
    const [folder] = await core!.api['folders.list']({});
    expect(folder).toMatchObject({ photoCount: 2, unreadableCount: 1 });
  });

  it('reads a lone RAW’s camera as for a JPEG, and lists a RAW with no usable preview with the reason', async () => {
    const page = await core!.api['photos.search']({ text: '' });
    const raf = page.items.find((item) => item.fileName === 'DSCF0002.RAF');
    const detail = await core!.api['photos.get']({ id: raf!.id });
    expect(detail?.metadata).toMatchObject({
      format: 'raw',
      cameraMake: 'FUJIFILM',
      cameraModel: 'FinePix S5Pro',
    });
    const unreadable = await core!.api['photos.unreadable']({});
    expect(unreadable.map((file) => [file.path, file.reason])).toEqual([
      [join(photos, 'P0003.RW2'), 'RAW file’s embedded preview is too small to use (8 × 8 pixels)'],
    ]);
  });
});
