import {
  existsSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { sha256File } from '../../../test/support/coreHarness';
import { readExistingDescriptions } from '../imaging/existingMetadata';
import { createEmbeddedWriter } from './embeddedWriter';
import { runExiftool } from '../../../test/support/exiftool';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-embed-'));
const writer = createEmbeddedWriter();
afterAll(async () => {
  await writer.close();
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** exiftool run as its own process, the reference reader, separate from the library's exiftool-vendored process. */
function read(file: string): Record<string, unknown> {
  const out = runExiftool([
    '-j',
    '-charset',
    'UTF8',
    '-XMP-dc:Description',
    '-XMP-dc:Subject',
    '-IPTC:Keywords',
    '-IPTC:Caption-Abstract',
    '-EXIF:ImageDescription',
    '-XMP-shoebox:all',
    file,
  ]);
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}
const list = (value: unknown) =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

const caption = 'Slices of orange — café 日本語 Straße 🍋, with "quotes" & <brackets>';
const tags = ['citrus', 'fruit, sliced', 'say "cheese"', 'straße', '日本語', '🍋'];

describe('embedded metadata', () => {
  const cases = [
    ['photos/food_citrus-fruit-slices.jpg', 'a.jpg'],
    ['exif/metadata_iptc.jpg', 'iptc.jpg'],
    ['formats/apng_animated_41-frames_3d-character.png', 'b.png'],
    ['formats/webp_lossy_sunset-over-sea.webp', 'c.webp'],
    ['formats/tiff_lzw_kodak-shuttered-window-and-flowers.tif', 'd.tif'],
    ['formats/heic_stonehenge_nikon-exif_gps_300x200.heic', 'e.heic'],
  ] as const;

  for (const [source, name] of cases) {
    it(`writes into ${name} what exiftool reads back, keeping a backup of the original`, async () => {
      const photo = join(dir, name);
      copyFileSync(corpusPath(source), photo);
      const before = sha256File(photo);
      const result = await writer.write(photo, { caption, tags }, { backupDir: join(dir, 'backups') });
      const got = read(photo);
      expect(got.Description).toBe(caption);
      expect(list(got.Subject)).toEqual(tags);
      // IPTC is for JPEG and TIFF; other formats carry XMP only.
      if (!/\.(jpg|tif)$/.test(name)) expect(got.Keywords).toBeUndefined();
      if (name === 'iptc.jpg') {
        // The photo already had IPTC: its keywords and caption follow, so no tool sees stale ones.
        expect(list(got.Keywords)).toEqual(tags);
        expect(got['Caption-Abstract']).toBe(caption);
      }
      expect(result.backupPath).not.toBeNull();
      expect(sha256File(result.backupPath!)).toBe(before);
      expect(sha256File(photo)).not.toBe(before);
    });
  }

  it('marks which words were suggestions, so reading the photo back finds only the owner’s', async () => {
    const photo = join(dir, 'marked.jpg');
    copyFileSync(corpusPath('exif/metadata_iptc.jpg'), photo);
    const suggested = { caption, tags: tags.slice(1) };
    await writer.write(photo, { caption, tags, suggested }, { backupDir: null });
    const got = read(photo);
    expect(got.SuggestedDescription).toBe(caption);
    expect(list(got.SuggestedSubject)).toEqual(suggested.tags);
    // IPTC and EXIF carry the same words, and the marks keep them out of the owner's words too.
    expect(list(got.Keywords)).toEqual(tags);
    expect(got.ImageDescription).toBe(caption);
    expect(await readExistingDescriptions(photo)).toEqual({
      caption: null,
      keywords: ['citrus'],
      captionSource: null,
      keywordSource: 'XMP',
    });

    // Written again with no suggestions among the words, the marks go.
    await writer.write(photo, { caption: 'Mine', tags: ['citrus'] }, { backupDir: null });
    const again = read(photo);
    expect(again.SuggestedDescription).toBeUndefined();
    expect(again.SuggestedSubject).toBeUndefined();
    expect(await readExistingDescriptions(photo)).toMatchObject({ caption: 'Mine', keywords: ['citrus'] });
  });

  it('a failed write leaves the original exactly as it was', async () => {
    const broken = join(dir, 'broken.jpg');
    writeFileSync(broken, readFileSync(corpusPath('photos/food_citrus-fruit-slices.jpg')).subarray(0, 300));
    const before = sha256File(broken);
    await expect(writer.write(broken, { caption, tags }, { backupDir: null })).rejects.toThrow(
      /Could not write metadata into broken\.jpg: .+/,
    );
    expect(sha256File(broken)).toBe(before);
  });

  it('refuses formats it does not write, before touching or backing up anything', async () => {
    const gif = join(dir, 'anim.gif');
    copyFileSync(corpusPath('formats/gif_animated_17-frames_woman-portrait-with-text.gif'), gif);
    const before = sha256File(gif);
    await expect(
      writer.write(gif, { caption, tags }, { backupDir: join(dir, 'gif-backups') }),
    ).rejects.toThrow(
      'Could not write metadata into anim.gif: Shoebox writes into JPEG, TIFF, PNG, WebP, HEIC and AVIF files only',
    );
    expect(sha256File(gif)).toBe(before);
    expect(existsSync(join(dir, 'gif-backups'))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('a folder it may not write to leaves the original intact', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    const photo = join(locked, 'p.jpg');
    copyFileSync(corpusPath('photos/food_citrus-fruit-slices.jpg'), photo);
    const before = sha256File(photo);
    chmodSync(locked, 0o555);
    await expect(writer.write(photo, { caption, tags }, { backupDir: null })).rejects.toThrow(/p\.jpg/);
    chmodSync(locked, 0o755);
    expect(sha256File(photo)).toBe(before);
  });
});
