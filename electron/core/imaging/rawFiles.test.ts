import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { runExiftool } from '../../../test/support/exiftool';
import { createEmbeddedWriter } from '../export/embeddedWriter';
import { UnreadableImageError } from './errors';
import { dataUrlPayload, isCandidateImageName, prepareUpload, probeImage, ThumbnailStore } from './index';
import { closeRawExiftool } from './rawExiftool';
import { isRawFile } from './rawFormat';
import { largestRawPreview } from './rawPreview';
import { sniffFileFormat } from './sniff';

const scratch = mkdtempSync(join(tmpdir(), 'shoebox-raw-'));
afterAll(async () => {
  await closeRawExiftool();
  rmSync(scratch, { recursive: true, force: true });
});
const hashOf = (n: number) => n.toString(16).padStart(64, '0');

const CR3 = 'formats/raw_cr3_canon-eos-r6_pruned-with-embedded-preview.cr3';
const RAF = 'formats/raw_raf_fujifilm-s5pro_small-preview.raf';
const RW2 = 'formats/raw_rw2_panasonic-lx3_small-jpgfromraw.rw2';
const CR2 = 'formats/raw_cr2_canon-350d_metadata-only.cr2';
const NEF = 'formats/raw_nef_nikon-d70_metadata-only.nef';
const DNG = 'formats/raw_dng_iphone12pro-proraw_truncated-header-only.dng';

/** An 8 × 8 greyscale fingerprint, to compare pictures across re-encodes. */
async function fingerprint(image: Sharp): Promise<number[]> {
  const data = await image.resize(8, 8, { fit: 'fill' }).greyscale().raw().toBuffer();
  return [...data];
}

function distance(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;
}

async function reasonOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableImageError);
    return (error as Error).message;
  }
  throw new Error('expected the RAW file to be refused');
}

describe('RAW files', () => {
  it('are photos by their bytes, and TIFF-based ones by a TIFF header with a RAW name', () => {
    for (const name of [
      'IMG_1.CR2',
      'a.cr3',
      'b.NEF',
      'c.arw',
      'd.dng',
      'e.orf',
      'f.raf',
      'g.rw2',
      'h.pef',
    ]) {
      expect(isCandidateImageName(name), name).toBe(true);
    }
    expect(isRawFile(Buffer.from('\0\0\0\x18ftypcrx \0\0\0\x01'), 'x.bin')).toBe(true);
    expect(isRawFile(Buffer.from('FUJIFILMCCD-RAW 0201'), 'x.bin')).toBe(true);
    expect(isRawFile(Buffer.from('IIU\0\x18\0\0\0\x88\xe7\x74\xd8\xf8\x25\x1d\x4d'), 'x.bin')).toBe(true);
    const tiffHead = Buffer.from('II*\0\x08\0\0\0\0\0\0\0\0\0\0\0');
    expect(sniffFileFormat(tiffHead, '/photos/DSC_0001.NEF')).toBe('raw');
    expect(sniffFileFormat(tiffHead, '/photos/scan.tif')).toBe('tiff');
  });

  it('reads a CR3’s camera, lens, date and size as for a JPEG', async () => {
    const probed = await probeImage(corpusPath(CR3));
    expect(probed.format).toBe('raw');
    expect(probed.metadata).toMatchObject({
      format: 'raw',
      width: 3408,
      height: 2272,
      takenAt: '2021-05-12T12:21:21',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R6',
      lens: 'RF70-200mm F2.8 L IS USM',
      orientation: 1,
    });
  });

  it('reads a DNG’s GPS position and turns its size by its orientation', async () => {
    const probed = await probeImage(corpusPath(DNG));
    expect(probed.metadata).toMatchObject({
      width: 3024,
      height: 4032,
      orientation: 6,
      cameraModel: 'iPhone 12 Pro',
    });
    expect(probed.metadata.gpsLatitude).toBeCloseTo(34.05961, 4);
    expect(probed.metadata.gpsLongitude).toBeCloseTo(-84.68173, 4);
  });

  it('takes the largest embedded JPEG of a CR3 (the preview, not the thumbnail)', async () => {
    const preview = await largestRawPreview(corpusPath(CR3));
    expect([preview.tag, preview.width, preview.height]).toEqual(['PreviewImage', 1620, 1080]);
    const upload = await prepareUpload(corpusPath(CR3), 1024);
    expect([upload.width, upload.height]).toEqual([1024, 683]);
    // The upload shows what the preview shows.
    const sent = dataUrlPayload(upload.dataUrl);
    expect(distance(await fingerprint(sharp(sent)), await fingerprint(sharp(preview.jpeg)))).toBeLessThan(4);
  });

  it('takes a RAF’s 160 × 120 thumbnail over its 8 × 8 placeholder preview', async () => {
    const preview = await largestRawPreview(corpusPath(RAF));
    expect([preview.tag, preview.width, preview.height]).toEqual(['ThumbnailImage', 160, 120]);
    const thumb = await new ThumbnailStore(join(scratch, 'thumbs-raf')).ensure(
      hashOf(1),
      corpusPath(RAF),
      'thumb',
    );
    expect(await sharp(thumb).metadata()).toMatchObject({ format: 'webp', width: 160, height: 120 });
  });

  it('refuses a RW2 whose only preview is an 8 × 8 placeholder, saying so', async () => {
    expect(await reasonOf(largestRawPreview(corpusPath(RW2)))).toBe(
      'RAW file’s embedded preview is too small to use (8 × 8 pixels)',
    );
  });

  it('lists CR2, NEF and DNG files stripped of their previews as unreadable with the reason', async () => {
    const store = new ThumbnailStore(join(scratch, 'thumbs-stripped'));
    const reasons = await Promise.all(
      [CR2, NEF, DNG].map((file, i) => reasonOf(store.ensure(hashOf(10 + i), corpusPath(file), 'thumb'))),
    );
    expect(reasons).toEqual([
      'RAW file’s embedded preview is not a readable JPEG',
      'RAW file’s embedded preview is not a readable JPEG',
      'RAW file has no embedded preview (Shoebox shows a RAW file by the JPEG the camera put inside it)',
    ]);
  });

  it('turns the preview as the RAW’s orientation says', async () => {
    const turned = join(scratch, 'turned.raf');
    copyFileSync(corpusPath(RAF), turned);
    runExiftool(['-n', '-IFD0:Orientation=6', '-overwrite_original', turned]);
    const upright = await largestRawPreview(corpusPath(RAF));
    const thumb = await new ThumbnailStore(join(scratch, 'thumbs-turned')).ensure(hashOf(3), turned, 'thumb');
    expect(await sharp(thumb).metadata()).toMatchObject({ width: 120, height: 160 });
    const expected = await fingerprint(sharp(upright.jpeg).rotate(90));
    const other = await fingerprint(sharp(upright.jpeg).rotate(270));
    const actual = await fingerprint(sharp(thumb));
    expect(distance(actual, expected)).toBeLessThan(8);
    expect(distance(actual, other)).toBeGreaterThan(distance(actual, expected) * 2);
    expect((await probeImage(turned)).metadata).toMatchObject({ width: 1424, height: 4256, orientation: 6 });
  });

  it('are never written into by an embedded export, though a NEF is a TIFF inside', async () => {
    const nef = join(scratch, 'DSC_0001.NEF');
    copyFileSync(corpusPath(NEF), nef);
    const before = readFileSync(nef);
    const writer = createEmbeddedWriter();
    try {
      await expect(
        writer.write(nef, { caption: 'A lake', tags: ['lake'] }, { backupDir: null }),
      ).rejects.toThrow(/a sidecar works for this one \(the file was left as it was\)/);
    } finally {
      await writer.close();
    }
    expect(readFileSync(nef).equals(before)).toBe(true);
  });
});
