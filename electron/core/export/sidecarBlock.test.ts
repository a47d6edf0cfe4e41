// Sidecar export as a block: folders listed once, several files written at once, earlier exports read and
// recorded per block. Real SQLite file, real files, exiftool as the reader photo tools agree with.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { catalogueForEachTest } from '../../../test/support/tempCatalogue';
import { runExiftool } from '../../../test/support/exiftool';
import { systemClock } from '../clock';
import { createExportService, type ExportService } from './exportService';
import { SidecarFolders } from './sidecarFolders';
import { NOTHING_EARLIER } from './xmpMerge';
import { sidecarPath, writeSidecar } from './xmpSidecar';

const catalogue = catalogueForEachTest('sidecar-block');
let exporter: ExportService;
let folderId: number;

beforeEach(() => {
  mkdirSync(join(catalogue.dir, 'photos'));
  folderId = Number(
    catalogue.db
      .prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)')
      .run(join(catalogue.dir, 'photos'), 'x').lastInsertRowid,
  );
  exporter = createExportService({
    db: catalogue.db,
    clock: systemClock,
    dataDir: catalogue.dir,
    writer: { write: () => Promise.reject(new Error('not used')), close: async () => undefined },
  });
});

/** A catalogued photo (the file itself is never read by a sidecar export) with accepted tags and caption. */
function addPhoto(name: string, tags: string[], caption: string | null = null): string {
  const path = join(catalogue.dir, 'photos', name);
  writeFileSync(path, 'not really a photo');
  const id = Number(
    catalogue.db
      .prepare(
        `INSERT INTO photos (hash, bytes, caption_status, created_at, caption, caption_state, caption_origin)
         VALUES (?, 1, 'done', 'now', ?, ?, ?)`,
      )
      .run(`h-${name}`, caption, caption ? 'accepted' : null, caption ? 'user' : null).lastInsertRowid,
  );
  catalogue.db
    .prepare('INSERT INTO files (folder_id, path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)')
    .run(folderId, path, id);
  for (const tag of tags)
    catalogue.db
      .prepare(`INSERT INTO photo_tags (photo_id, tag, state) VALUES (?, ?, 'accepted')`)
      .run(id, tag);
  return path;
}

function readBack(file: string): Record<string, unknown> {
  const out = runExiftool(['-j', '-charset', 'UTF8', '-XMP-dc:all', '-XMP-xmp:Rating', file]);
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}

const list = (value: unknown) =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

describe('a sidecar export', () => {
  it('keeps what another program wrote, and leaves a sidecar that already says it all untouched', async () => {
    const photo = addPhoto('IMG_0001.jpg', ['dog', 'beach'], 'A dog on a beach.');
    const plain = addPhoto('IMG_0002.jpg', ['cat']);
    const target = sidecarPath(photo, 'digikam');
    runExiftool(['-q', '-o', target, '-XMP-xmp:Rating=4', '-XMP-dc:Subject=holiday', photo]);

    const first = await exporter.sidecars({}, 'accepted', 'digikam');
    expect(first).toMatchObject({ written: 2, skipped: 0, failed: [] });
    const read = readBack(target);
    expect(read.Rating).toBe(4);
    expect(list(read.Subject).sort()).toEqual(['beach', 'dog', 'holiday']);
    expect(read.Description).toBe('A dog on a beach.');
    expect(list(readBack(sidecarPath(plain, 'digikam')).Subject)).toEqual(['cat']);

    // Again with nothing changed: the same text, not even rewritten (the file is the one written before).
    const text = readFileSync(target, 'utf8');
    const inode = statSync(target).ino;
    const again = await exporter.sidecars({}, 'accepted', 'digikam');
    expect(again).toMatchObject({ written: 2, skipped: 0, failed: [] });
    expect(readFileSync(target, 'utf8')).toBe(text);
    expect(statSync(target).ino).toBe(inode);

    // A change of words rewrites it, still keeping the other program's, and leaves no blank line behind.
    catalogue.db.prepare(`UPDATE photo_tags SET state = 'rejected' WHERE tag = 'beach'`).run();
    await exporter.sidecars({}, 'accepted', 'digikam');
    expect(list(readBack(target).Subject)).toEqual(['holiday', 'dog']);
    expect(readBack(target).Rating).toBe(4);
    // Back and forth: the same words give the same text (a merge leaves no blank lines to pile up).
    const rejected = readFileSync(target, 'utf8');
    for (const state of ['accepted', 'rejected']) {
      catalogue.db.prepare(`UPDATE photo_tags SET state = ? WHERE tag = 'beach'`).run(state);
      await exporter.sidecars({}, 'accepted', 'digikam');
    }
    expect(readFileSync(target, 'utf8')).toBe(rejected);
  });

  it('merges the same suggestions into another program’s sidecar again without changing a byte', async () => {
    const photo = addPhoto('IMG_0007.jpg', []);
    const target = sidecarPath(photo, 'digikam');
    runExiftool(['-q', '-o', target, '-XMP-xmp:Rating=3', photo]);
    const suggested = { caption: 'A heron by a pond.', tags: ['heron', 'pond'] };
    const content = { ...suggested, suggested };
    await writeSidecar(photo, content, 'digikam');
    const text = readFileSync(target, 'utf8');
    const inode = statSync(target).ino;
    await writeSidecar(photo, content, 'digikam');
    expect(readFileSync(target, 'utf8')).toBe(text);
    expect(statSync(target).ino).toBe(inode);
    expect(readBack(target)).toMatchObject({ Rating: 3, Description: 'A heron by a pond.' });
  });

  it('merges into a sidecar created after its folder was listed instead of replacing it', async () => {
    const photo = addPhoto('IMG_0003.jpg', []);
    const target = sidecarPath(photo, 'lightroom');
    const folders = new SidecarFolders();
    expect(await folders.mayExist(target)).toBe(false);
    runExiftool(['-q', '-o', target, '-XMP-xmp:Rating=5', '-XMP-dc:Subject=family', photo]);

    const written = await writeSidecar(
      photo,
      { caption: null, tags: ['squirrel'] },
      'lightroom',
      NOTHING_EARLIER,
      folders,
    );
    expect(written).toBe(target);
    const read = readBack(target);
    expect(read.Rating).toBe(5);
    expect(list(read.Subject)).toEqual(['family', 'squirrel']);
  });

  it('gives a photo and its raw twin one Lightroom sidecar holding both photos’ words', async () => {
    const jpeg = addPhoto('IMG_0004.jpg', ['dog']);
    addPhoto('IMG_0004.dng', ['puppy']);
    const outcome = await exporter.sidecars({}, 'accepted', 'lightroom');
    expect(outcome.failed).toEqual([]);
    expect(list(readBack(sidecarPath(jpeg, 'lightroom')).Subject)).toEqual(['dog', 'puppy']);
  });

  it('writes anew over an empty sidecar, and reports one it cannot read without touching it', async () => {
    const cut = addPhoto('IMG_0005.jpg', ['tree']);
    writeFileSync(sidecarPath(cut, 'digikam'), '');
    const blocked = addPhoto('IMG_0006.jpg', ['lake']);
    mkdirSync(sidecarPath(blocked, 'digikam'));

    const outcome = await exporter.sidecars({}, 'accepted', 'digikam');
    expect(list(readBack(sidecarPath(cut, 'digikam')).Subject)).toEqual(['tree']);
    expect(outcome.written).toBe(1);
    expect(outcome.failed).toEqual([
      { path: blocked, reason: expect.stringMatching(/could not be read.*left as it is/) as unknown },
    ]);
    expect(statSync(sidecarPath(blocked, 'digikam')).isDirectory()).toBe(true);
  });

  it('writes every photo of a scope larger than a block, recording its words for the next export', async () => {
    const photos = Array.from({ length: 450 }, (_, i) => addPhoto(`P${i}.jpg`, ['dog', `n${i}`]));
    const outcome = await exporter.sidecars({}, 'accepted', 'digikam');
    expect(outcome).toMatchObject({ written: 450, skipped: 0, failed: [] });
    expect(outcome.examples).toEqual(photos.slice(0, 5).map((p) => sidecarPath(p, 'digikam')));
    const recorded = catalogue.db
      .prepare(`SELECT count(DISTINCT photo_id) FROM exported_words`)
      .pluck()
      .get();
    expect(recorded).toBe(450);
    // Rejected since: the word is Shoebox's, so the next export takes it out of every sidecar.
    catalogue.db.prepare(`UPDATE photo_tags SET state = 'rejected' WHERE tag = 'dog'`).run();
    await exporter.sidecars({}, 'accepted', 'digikam');
    expect(list(readBack(sidecarPath(photos[449]!, 'digikam')).Subject)).toEqual(['n449']);
    expect(readdirXmpTemps()).toEqual([]);
  });
});

/** Temp files left behind by a write (none may be). */
function readdirXmpTemps(): string[] {
  return readdirSync(join(catalogue.dir, 'photos')).filter((name) => name.endsWith('.tmp'));
}
