// Ingest hands the probe, the thumbnail and the existing-words reader the bytes it hashed (read once). From
// those bytes they must give what they give from the file, and never open the file: each is run here on bytes
// whose file is gone, beside a run on the file itself.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { readExistingDescriptions } from './existingMetadata';
import { probeImage } from './probe';
import { ThumbnailStore } from './thumbnails';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-from-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = [
  'exif/metadata_iptc.jpg',
  'exif/metadata_xmp.jpg',
  'exif/orientation-6_rotate-90cw_grace-hopper.jpg',
  'exif/orientation-6_in-webp_grace-hopper.webp',
  'exif/gps_iphone4s_lens-info_orient6_thumbnail-size.jpg',
  'photos/landmark_castle-of-maintenon_nikon-d3.jpg',
  'photos/animal_tabby-cat-face_pentax-exif-in-png.png',
  'formats/tiff_woman-runner-in-crowd_sony-dsc-s600_exif.tiff',
  'formats/avif_portrait-smiling-man_exif-xmp.avif',
  'formats/gif_animated_17-frames_woman-portrait-with-text.gif',
];

const BROKEN = [
  'broken/truncated_jpeg_pillow-fixture.jpg',
  'broken/truncated_progressive-jpeg_video-frame.jpeg',
  'broken/exif-header-only_pentax-optio-s6_no-image-data.jpg',
  'broken/text-file-with-jpg-extension.jpg',
  'broken/png_bad-crc32.png',
  'broken/zero-bytes.jpg',
];

/** A copy of a corpus file, and its bytes with the copy removed: whatever reads the path now fails. */
function bytesWithoutFile(source: string, name: string): { path: string; bytes: Buffer } {
  const path = join(dir, name);
  copyFileSync(corpusPath(source), path);
  const bytes = readFileSync(path);
  unlinkSync(path);
  return { path, bytes };
}

async function outcome<T>(work: () => Promise<T>): Promise<{ value: T } | { error: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

describe('imaging from the bytes ingest read', () => {
  it.each(SAMPLES)('%s: the same probe, thumbnail and words, without opening the file', async (source) => {
    const onDisk = join(dir, `disk-${basename(source)}`);
    copyFileSync(corpusPath(source), onDisk);
    const { path, bytes } = bytesWithoutFile(source, `gone-${basename(source)}`);

    expect(await probeImage(path, bytes)).toEqual(await probeImage(onDisk));
    expect(await readExistingDescriptions(path, undefined, bytes)).toEqual(
      await readExistingDescriptions(onDisk),
    );

    const fromFile = new ThumbnailStore(join(dir, `thumbs-file-${basename(source)}`));
    const fromBytes = new ThumbnailStore(join(dir, `thumbs-bytes-${basename(source)}`));
    const made = readFileSync(await fromFile.ensure('ab'.repeat(32), onDisk, 'thumb'));
    const madeFromBytes = readFileSync(await fromBytes.ensure('ab'.repeat(32), path, 'thumb', bytes));
    expect(madeFromBytes.equals(made)).toBe(true);
  });

  it.each(BROKEN)('%s: refused from its bytes for the same reason as from the file', async (source) => {
    const onDisk = join(dir, `disk-${basename(source)}`);
    copyFileSync(corpusPath(source), onDisk);
    const { path, bytes } = bytesWithoutFile(source, `gone-${basename(source)}`);

    const probed = await outcome(() => probeImage(onDisk));
    expect(await outcome(() => probeImage(path, bytes))).toEqual(probed);
    const thumbs = join(dir, `broken-thumbs-${basename(source)}`);
    mkdirSync(thumbs, { recursive: true });
    const store = new ThumbnailStore(thumbs);
    const rendered = await outcome(() => store.ensure('cd'.repeat(32), onDisk, 'thumb'));
    const renderedFromBytes = await outcome(() => store.ensure('ef'.repeat(32), path, 'thumb', bytes));
    if ('error' in rendered) expect(renderedFromBytes).toEqual(rendered);
    else expect('value' in renderedFromBytes).toBe(true);
  });
});
