// The core end to end, without a window: real corpus files in temp folders, a real SQLite catalogue, the
// real HTTP fake provider, chokidar watching real directories.
import Database from 'better-sqlite3';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/coreInterface';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { approveAll, envFor, sha256File, startCore, waitUntilSettled } from '../support/coreHarness';
import { listCorpusFolder, makeTempLibrary, type TempLibrary } from '../support/tempLibrary';
import { waitFor } from '../support/waitFor';

interface PhotoRow {
  id: number;
  hash: string;
  caption: string | null;
  caption_status: string;
}

function openCatalogue(dataDir: string) {
  return new Database(join(dataDir, 'catalogue.sqlite'), { readonly: true });
}

/** Words a search for this caption should match on: its longest plain words. */
function searchWordsOf(caption: string): string {
  const words = caption.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .slice(0, 2)
    .join(' ');
}

describe('the whole corpus, captioned and searchable', () => {
  let library: TempLibrary;
  let provider: FakeProvider;
  let core: Core;

  beforeAll(async () => {
    library = makeTempLibrary(['photos', 'exif', 'formats', 'broken']);
    provider = await startFakeProvider({ flavour: 'openrouter' });
    core = await startCore(library.dataDir, envFor(provider, 'openrouter'));
    await core.api['folders.add']({ path: library.photos });
    await approveAll(core);
    await waitUntilSettled(core, 120_000);
  }, 180_000);

  afterAll(async () => {
    await core?.stop();
    await provider?.close();
    library?.remove();
  });

  it('captions every photo in photos/ and exif/ and finds each by words of its caption', async () => {
    const db = openCatalogue(library.dataDir);
    try {
      for (const folder of ['photos', 'exif']) {
        for (const name of listCorpusFolder(folder)) {
          const hash = sha256File(join(library.photos, folder, name));
          const photo = db
            .prepare('SELECT id, hash, caption, caption_status FROM photos WHERE hash = ?')
            .get(hash) as PhotoRow | undefined;
          expect(photo, `${folder}/${name} is in the catalogue`).toBeDefined();
          expect(photo!.caption_status, `${folder}/${name} is captioned`).toBe('done');
          const words = searchWordsOf(photo!.caption!);
          const page = await core.api['photos.search']({ text: words, limit: 500 });
          expect(
            page.items.map((item) => item.id),
            `"${words}" finds ${folder}/${name}`,
          ).toContain(photo!.id);
        }
      }
    } finally {
      db.close();
    }
  });

  it('lists each broken file with a reason, and captions real images that only have the wrong extension', async () => {
    const unreadable = await core.api['photos.unreadable']({});
    const reasons = new Map(unreadable.map((file) => [file.path, file.reason]));
    for (const name of listCorpusFolder('broken')) {
      const path = join(library.photos, 'broken', name);
      if (name.startsWith('wrong-ext_')) {
        expect(reasons.has(path), `${name} is a readable image`).toBe(false);
        const page = await core.api['photos.search']({
          text: name.replace(/\.\w+$/, '').replace(/[_-]/g, ' '),
        });
        expect(page.items.find((item) => item.fileName === name)?.status).toBe('done');
      } else {
        expect(reasons.get(path), `${name} is listed as unreadable`).toMatch(/\w{4,}/);
      }
    }
  });

  it('captions the common formats, including HEIC, AVIF, WebP, GIF and TIFF', async () => {
    const db = openCatalogue(library.dataDir);
    try {
      // 12-bit JPEG is the one common variant libjpeg (and so sharp) cannot decode: it is listed with a reason.
      const decodable = listCorpusFolder('formats').filter(
        (name) => /^(heic|heif|avif|webp|gif|tiff|jpeg|apng)_/.test(name) && !name.startsWith('jpeg_12bit'),
      );
      expect(decodable.length).toBeGreaterThan(15);
      for (const name of decodable) {
        const hash = sha256File(join(library.photos, 'formats', name));
        const row = db.prepare('SELECT caption_status FROM photos WHERE hash = ?').get(hash) as
          { caption_status: string } | undefined;
        expect(row?.caption_status, `formats/${name}`).toBe('done');
      }
      const unreadable = await core.api['photos.unreadable']({});
      const twelveBit = unreadable.find((file) => file.path.endsWith('jpeg_12bit-precision_rose.jpg'));
      expect(twelveBit?.reason).toMatch(/precision 12/);
    } finally {
      db.close();
    }
  });

  it('gives upright thumbnails for all eight EXIF orientations', async () => {
    const upright = await thumbnailFingerprint(
      core,
      join(library.photos, 'exif', 'orientation-none_grace-hopper.jpg'),
    );
    const names = listCorpusFolder('exif').filter((name) => /^orientation-[2-8]_/.test(name));
    expect(names).toHaveLength(8);
    for (const name of names) {
      const thumb = await thumbnailFingerprint(core, join(library.photos, 'exif', name));
      expect([thumb.width, thumb.height], name).toEqual([upright.width, upright.height]);
      expect(meanDifference(thumb.pixels, upright.pixels), name).toBeLessThan(12);
    }
    // The comparison can fail: a mirrored thumbnail is far from the upright one.
    const mirrored = Buffer.alloc(upright.pixels.length);
    for (let row = 0; row < 16; row++) {
      for (let col = 0; col < 16; col++) mirrored[row * 16 + col] = upright.pixels[row * 16 + 15 - col]!;
    }
    expect(meanDifference(mirrored, upright.pixels)).toBeGreaterThan(12);
  });
});

async function thumbnailFingerprint(core: Core, file: string) {
  const image = await core.image(sha256File(file), 'thumb');
  expect(image, `thumbnail of ${file}`).not.toBeNull();
  const meta = await sharp(image!.path).metadata();
  const pixels = await sharp(image!.path).greyscale().resize(16, 16, { fit: 'fill' }).raw().toBuffer();
  return { width: meta.width, height: meta.height, pixels };
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('restarts and moves', () => {
  let library: TempLibrary;
  let provider: FakeProvider;

  beforeAll(async () => {
    library = makeTempLibrary(['photos']);
    provider = await startFakeProvider({ flavour: 'mistral', latencyMs: 150 });
  });

  afterAll(async () => {
    await provider?.close();
    library?.remove();
  });

  it('resumes after a restart in the middle of the queue without re-sending finished photos', async () => {
    const total = listCorpusFolder('photos').length;
    const env = envFor(provider, 'mistral');
    let core = await startCore(library.dataDir, env);
    await core.api['settings.update']({ concurrency: 2 });
    await core.api['folders.add']({ path: library.photos });
    await approveAll(core);
    await waitFor('a few captions', async () => (await core.api['queue.status']({})).done >= 6 || undefined, {
      timeoutMs: 60_000,
    });
    await core.stop();

    const db = openCatalogue(library.dataDir);
    const doneBeforeRestart = (
      db.prepare(`SELECT count(*) AS n FROM photos WHERE caption_status = 'done'`).get() as { n: number }
    ).n;
    db.close();
    expect(doneBeforeRestart).toBeGreaterThanOrEqual(6);
    expect(doneBeforeRestart).toBeLessThan(total);
    const answeredBeforeRestart = provider.requests.filter((r) => r.status === 200).length;

    core = await startCore(library.dataDir, env);
    try {
      const status = await waitUntilSettled(core, 90_000);
      expect(status.done).toBe(total);
      const answeredAfterRestart =
        provider.requests.filter((r) => r.status === 200).length - answeredBeforeRestart;
      expect(answeredAfterRestart).toBe(total - doneBeforeRestart);
    } finally {
      await core.stop();
    }
  }, 180_000);

  it('keeps caption and tags of a moved or renamed file, with no new request', async () => {
    const core = await startCore(library.dataDir, envFor(provider, 'mistral'));
    try {
      await waitUntilSettled(core);
      const name = listCorpusFolder('photos')[0]!;
      const from = join(library.photos, 'photos', name);
      const hash = sha256File(from);
      const before = await core.api['photos.search']({ text: '', limit: 500 });
      const photo = before.items.find((item) => item.hash === hash)!;
      const detailBefore = await core.api['photos.get']({ id: photo.id });
      const requestsBefore = provider.requests.length;

      mkdirSync(join(library.photos, 'moved here'));
      const to = join(library.photos, 'moved here', `renamed ${name}`);
      renameSync(from, to);

      const detailAfter = await waitFor('the new location', async () => {
        const detail = await core.api['photos.get']({ id: photo.id });
        return detail?.locations.some((l) => l.path === to) && !detail.locations.some((l) => l.path === from)
          ? detail
          : undefined;
      });
      expect(detailAfter.caption).toBe(detailBefore!.caption);
      expect(detailAfter.tags).toEqual(detailBefore!.tags);
      await waitUntilSettled(core);
      expect(provider.requests.length).toBe(requestsBefore);
    } finally {
      await core.stop();
    }
  }, 60_000);
});
