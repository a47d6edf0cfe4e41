import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { unclosedItemsSidecar } from '../../../test/support/craftedXmp';
import { sidecarPath, writeSidecar, type SidecarNaming } from './xmpSidecar';
import { runExiftool } from '../../../test/support/exiftool';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-xmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** exiftool, the reference reader other photo tools agree with. */
function exiftool(file: string): Record<string, unknown> {
  const out = runExiftool([
    '-j',
    '-charset',
    'UTF8',
    '-XMP-dc:all',
    '-XMP-lr:all',
    '-XMP-shoebox:all',
    '-XMP-xmp:Rating',
    file,
  ]);
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}

const list = (value: unknown) =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A photo whose sidecar another program (here exiftool) already wrote, with these tag assignments. */
function photoWithSidecar(name: string, naming: SidecarNaming, assignments: string[]): string {
  const photo = join(dir, name);
  copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), photo);
  runExiftool(['-q', '-o', sidecarPath(photo, naming), ...assignments, photo]);
  return photo;
}

describe('XMP sidecars', () => {
  it('writes what exiftool reads back, non-ASCII and awkward tags included, and never touches the photo', async () => {
    const photo = join(dir, 'café.jpg');
    copyFileSync(corpusPath('photos/food_citrus-fruit-slices.jpg'), photo);
    const before = sha(photo);
    const caption = 'Slices of orange and lime — café 日本語 Straße 🍋, with "quotes" & <brackets>.';
    const tags = ['citrus', 'fruit, sliced', 'say "cheese"', 'straße', '日本語', '🍋', 'a|b'];
    for (const naming of ['lightroom', 'digikam'] as const) {
      const written = (await writeSidecar(photo, { caption, tags }, naming))!;
      expect(written).toBe(sidecarPath(photo, naming));
      const read = exiftool(written);
      expect(read.Description).toBe(caption);
      expect(list(read.Subject)).toEqual(tags);
      expect(list(read.HierarchicalSubject)).toEqual(tags.map((t) => t.replace('|', '/')));
    }
    expect(sidecarPath(photo, 'lightroom')).toBe(join(dir, 'café.xmp'));
    expect(sidecarPath(photo, 'digikam')).toBe(join(dir, 'café.jpg.xmp'));
    expect(sha(photo)).toBe(before);
  });

  it('merges into an existing sidecar: other properties and earlier keywords stay', async () => {
    const photo = photoWithSidecar('IMG_0001.jpg', 'lightroom', [
      '-XMP-xmp:Rating=4',
      '-XMP-dc:Subject=family',
      '-XMP-dc:Subject=garden',
    ]);
    await writeSidecar(
      photo,
      { caption: 'A red squirrel on a branch.', tags: ['squirrel', 'garden'] },
      'lightroom',
    );
    const read = exiftool(sidecarPath(photo, 'lightroom'));
    expect(read.Rating).toBe(4);
    expect(read.Description).toBe('A red squirrel on a branch.');
    expect(list(read.Subject)).toEqual(['family', 'garden', 'squirrel']);
  });

  it('takes back only its own earlier words: the owner’s keywords and description stay', async () => {
    const photo = photoWithSidecar('IMG_0002.jpg', 'digikam', [
      '-XMP-dc:Description=Written in digiKam',
      '-XMP-dc:Subject=family',
    ]);
    const wrote = (words: string[]) => (text: string) => words.includes(text.toLowerCase());
    await writeSidecar(photo, { caption: null, tags: ['Puppy', 'garden'] }, 'digikam');
    let read = exiftool(sidecarPath(photo, 'digikam'));
    expect(read.Description).toBe('Written in digiKam');
    expect(list(read.Subject)).toEqual(['family', 'Puppy', 'garden']);

    // "puppy" was renamed "dog" in Shoebox; "family" was never Shoebox's, so it stays although not exported.
    const earlier = { wroteCaption: wrote([]), wroteTag: wrote(['puppy', 'garden']) };
    await writeSidecar(photo, { caption: 'A squirrel.', tags: ['dog', 'GARDEN'] }, 'digikam', earlier);
    read = exiftool(sidecarPath(photo, 'digikam'));
    expect(read.Description).toBe('A squirrel.');
    expect(list(read.Subject)).toEqual(['family', 'dog', 'GARDEN']);
    expect(list(read.HierarchicalSubject)).toEqual(['family', 'dog', 'GARDEN']);

    // The caption Shoebox wrote was then rejected: it leaves the sidecar, which keeps everything else.
    const later = { wroteCaption: wrote(['a squirrel.']), wroteTag: wrote(['puppy', 'garden', 'dog']) };
    await writeSidecar(photo, { caption: null, tags: [] }, 'digikam', later);
    read = exiftool(sidecarPath(photo, 'digikam'));
    expect(read.Description).toBeUndefined();
    expect(list(read.Subject)).toEqual(['family']);
  });

  it('marks the model’s suggestions it writes, so any later merge can tell them from the owner’s words', async () => {
    const photo = photoWithSidecar('IMG_0003.jpg', 'lightroom', ['-XMP-dc:Subject=family']);
    const caption = 'A red squirrel — “café” & 日本語';
    const suggested = { caption, tags: ['squirrel', 'tree, branch'] };
    await writeSidecar(photo, { caption, tags: ['Garden', ...suggested.tags], suggested }, 'lightroom');
    let read = exiftool(sidecarPath(photo, 'lightroom'));
    expect(read.SuggestedDescription).toBe(caption);
    expect(list(read.SuggestedSubject)).toEqual(suggested.tags);
    expect(list(read.Subject)).toEqual(['family', 'Garden', 'squirrel', 'tree, branch']);

    // Another program edits the sidecar: exiftool keeps the marks.
    runExiftool(['-q', '-overwrite_original', '-XMP-dc:Subject+=Holiday', sidecarPath(photo, 'lightroom')]);
    // A catalogue that never exported this photo (rebuilt, or on another machine) writes accepted words only:
    // the marked suggestions go, everything else stays, and no marks are left.
    await writeSidecar(photo, { caption: null, tags: ['Garden'] }, 'lightroom');
    read = exiftool(sidecarPath(photo, 'lightroom'));
    expect(read.Description).toBeUndefined();
    expect(list(read.Subject)).toEqual(['family', 'Garden', 'Holiday']);
    expect(read.SuggestedDescription).toBeUndefined();
    expect(read.SuggestedSubject).toBeUndefined();
  });

  it('writes no sidecar when there is nothing to say, and leaves another program’s alone', async () => {
    const photo = join(dir, 'empty.jpg');
    copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), photo);
    expect(await writeSidecar(photo, { caption: null, tags: [] }, 'lightroom')).toBeNull();
    expect(existsSync(sidecarPath(photo, 'lightroom'))).toBe(false);

    const owned = photoWithSidecar('owned.jpg', 'digikam', ['-XMP-dc:Subject=family']);
    const before = readFileSync(sidecarPath(owned, 'digikam'), 'utf8');
    expect(await writeSidecar(owned, { caption: null, tags: [] }, 'digikam')).toBeNull();
    expect(readFileSync(sidecarPath(owned, 'digikam'), 'utf8')).toBe(before);
  });

  it('leaves a sidecar it cannot read as XMP exactly as it was', async () => {
    const photo = join(dir, 'kept.jpg');
    copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), photo);
    const target = sidecarPath(photo, 'digikam');
    writeFileSync(target, 'notes from another program');
    await expect(writeSidecar(photo, { caption: 'x', tags: ['y'] }, 'digikam')).rejects.toThrow(
      /left as it is/,
    );
    expect(readFileSync(target, 'utf8')).toBe('notes from another program');
  });

  it('refuses to merge into a crafted or oversized sidecar at once, leaving it as it was', async () => {
    const photo = join(dir, 'crafted.jpg');
    copyFileSync(corpusPath('photos/animal_squirrel-on-branch.jpg'), photo);
    const target = sidecarPath(photo, 'digikam');
    const crafted = unclosedItemsSidecar(900 * 1024);
    writeFileSync(target, crafted);
    await expect(writeSidecar(photo, { caption: 'x', tags: ['y'] }, 'digikam')).rejects.toThrow(
      /not XMP Shoebox can merge into; it was left as it is/,
    );
    expect(readFileSync(target, 'utf8')).toBe(crafted);
    writeFileSync(target, unclosedItemsSidecar(3 * 1024 * 1024));
    await expect(writeSidecar(photo, { caption: 'x', tags: ['y'] }, 'digikam')).rejects.toThrow(
      /larger than 1024 KB.*left as it is/,
    );
    expect(await writeSidecar(photo, { caption: null, tags: [] }, 'digikam')).toBeNull();
  });
});
