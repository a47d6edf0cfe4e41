import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { sha256File } from '../../../test/support/coreHarness';
import { newSidecar } from '../export/xmpSidecar';
import { unclosedItemsSidecar } from '../../../test/support/craftedXmp';
import { readExistingDescriptions } from './existingMetadata';
import { runExiftool } from '../../../test/support/exiftool';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-existing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copy(source: string, name: string): string {
  const target = join(dir, name);
  copyFileSync(corpusPath(source), target);
  return target;
}

describe('existing descriptions', () => {
  it('reads IPTC keywords and caption', async () => {
    expect(await readExistingDescriptions(copy('exif/metadata_iptc.jpg', 'iptc.jpg'))).toEqual({
      caption: 'A witty caption',
      keywords: ['ExifTool', 'Test', 'IPTC'],
      captionSource: 'IPTC',
      keywordSource: 'IPTC',
    });
  });

  it('reads IPTC text in UTF-8 as the file declares it, and old Latin-1 IPTC as it is', async () => {
    const utf8 = copy('photos/food_citrus-fruit-slices.jpg', 'iptc-utf8.jpg');
    runExiftool([
      '-q',
      '-overwrite_original',
      '-codedcharacterset=utf8',
      '-charset',
      'iptc=UTF8',
      '-IPTC:Keywords=café 日本語',
      '-IPTC:Keywords=Straße',
      '-IPTC:Caption-Abstract=Straße in the rain 🍋',
      utf8,
    ]);
    expect(await readExistingDescriptions(utf8)).toMatchObject({
      caption: 'Straße in the rain 🍋',
      keywords: ['café 日本語', 'Straße'],
      keywordSource: 'IPTC',
    });
    const latin1 = copy('photos/food_citrus-fruit-slices.jpg', 'iptc-latin1.jpg');
    runExiftool(['-q', '-overwrite_original', '-charset', 'iptc=Latin', '-IPTC:Keywords=café', latin1]);
    expect(await readExistingDescriptions(latin1)).toMatchObject({ keywords: ['café'] });
  });

  it('reads UTF-16 XMP, preferring it to EXIF', async () => {
    const found = await readExistingDescriptions(copy('exif/metadata_xmp.jpg', 'xmp.jpg'));
    expect(found).toMatchObject({ keywords: ['ExifTool', 'Test', 'XMP'], keywordSource: 'XMP' });
    expect(found).toMatchObject({ caption: 'UTF-16 (big-endian) encoded XMP', captionSource: 'XMP' });
  });

  it('ignores what cameras and editors write on their own', async () => {
    for (const [source, name] of [
      ['formats/avif_portrait-smiling-man_exif-xmp.avif', 'gimp.avif'],
      ['photos/landscape_forest-path_olympus-em1.jpg', 'olympus.jpg'],
      ['photos/food_citrus-fruit-slices.jpg', 'plain.jpg'],
    ] as const) {
      expect((await readExistingDescriptions(copy(source, name))).caption).toBeNull();
    }
  });

  it('prefers a sidecar in either naming, and reads awkward text exactly; the photo is not touched', async () => {
    const photo = copy('photos/food_citrus-fruit-slices.jpg', 'side.jpg');
    const before = sha256File(photo);
    const caption = 'Café, "quoted" & <angled> 日本語 🍋';
    const tags = ['fruit, sliced', 'straße', 'say "cheese"', 'Fruit, Sliced'];
    writeFileSync(join(dir, 'side.jpg.xmp'), newSidecar({ caption, tags }));
    expect(await readExistingDescriptions(photo)).toEqual({
      caption,
      keywords: ['fruit, sliced', 'straße', 'say "cheese"'],
      captionSource: 'XMP sidecar',
      keywordSource: 'XMP sidecar',
    });
    rmSync(join(dir, 'side.jpg.xmp'));
    writeFileSync(join(dir, 'side.xmp'), newSidecar({ caption: 'Lightroom naming', tags: ['lr'] }));
    expect(await readExistingDescriptions(photo)).toMatchObject({
      caption: 'Lightroom naming',
      keywords: ['lr'],
    });
    expect(sha256File(photo)).toBe(before);
  });

  it('never throws: a broken sidecar or a file that is no image yields nothing', async () => {
    const photo = copy('photos/food_citrus-fruit-slices.jpg', 'odd.jpg');
    writeFileSync(join(dir, 'odd.jpg.xmp'), 'not xml at all <<<');
    expect(await readExistingDescriptions(photo)).toMatchObject({ caption: null, keywords: [] });
    const text = join(dir, 'notes.jpg');
    writeFileSync(text, 'just text');
    expect(await readExistingDescriptions(text)).toMatchObject({ caption: null, keywords: [] });
    expect(await readExistingDescriptions(join(dir, 'missing.jpg'))).toMatchObject({ caption: null });
  });

  it('ignores a crafted sidecar of unclosed items at once, with the reason, and still reads the photo', async () => {
    const photo = copy('exif/metadata_iptc.jpg', 'crafted.jpg');
    const warned: string[] = [];
    const log = { warn: (message: string) => warned.push(message) };
    const expected = await readExistingDescriptions(photo);
    expect(expected.keywordSource).toBe('IPTC');
    // Under the size cap: the reader itself must get through it in linear time (vitest's 30 s timeout
    // caught the quadratic regular expressions, which needed minutes for this).
    writeFileSync(join(dir, 'crafted.jpg.xmp'), unclosedItemsSidecar(900 * 1024));
    expect(await readExistingDescriptions(photo, log)).toEqual(expected);
    expect(warned).toEqual([expect.stringMatching(/XMP sidecar is not well-formed \(.+\), ignored/)]);
    // Over the cap (3 MB, as in the issue): not even read.
    writeFileSync(join(dir, 'crafted.jpg.xmp'), unclosedItemsSidecar(3 * 1024 * 1024));
    warned.length = 0;
    expect(await readExistingDescriptions(photo, log)).toEqual(expected);
    expect(warned).toEqual([expect.stringMatching(/XMP sidecar larger than 1024 KB, ignored/)]);
  });
});
