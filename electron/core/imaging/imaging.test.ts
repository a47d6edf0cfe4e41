import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath } from '../../../test/support/corpus';
import { UnreadableImageError } from './errors';
import {
  dataUrlPayload,
  isCandidateImageName,
  prepareUpload,
  probeImage,
  sniffImageFormat,
  ThumbnailStore,
} from './index';

const scratch = mkdtempSync(join(tmpdir(), 'shoebox-imaging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const hashOf = (n: number) => n.toString(16).padStart(64, '0');

describe('imaging', () => {
  it('knows formats by their bytes, and image files by their names', () => {
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageFormat(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic'))).toBe('heic');
    expect(sniffImageFormat(Buffer.from('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf'))).toBe('avif');
    expect(sniffImageFormat(Buffer.from('hello world'))).toBeNull();
    expect(isCandidateImageName('IMG_0001.JPG')).toBe(true);
    expect(isCandidateImageName('._IMG_0001.jpg')).toBe(false);
    expect(isCandidateImageName('notes.txt')).toBe(false);
  });

  it('reads camera, date, GPS and upright size from the headers', async () => {
    const starfish = await probeImage(corpusPath('photos/animal_starfish-in-crate_lumia820_gps.jpg'));
    expect(starfish.metadata).toMatchObject({
      format: 'jpeg',
      width: 1278,
      height: 720,
      takenAt: '2013-05-10T15:21:35',
      cameraModel: 'Lumia 820',
    });
    expect(starfish.metadata.gpsLatitude).toBeCloseTo(55.0388, 3);
    const turned = await probeImage(corpusPath('exif/gps_iphone4s_lens-info_orient6_thumbnail-size.jpg'));
    expect([turned.metadata.width, turned.metadata.height, turned.metadata.orientation]).toEqual([
      102, 205, 6,
    ]);
    const heic = await probeImage(corpusPath('formats/heic_stonehenge_nikon-exif_gps_300x200.heic'));
    expect(heic.metadata).toMatchObject({
      format: 'heic',
      width: 300,
      height: 200,
      cameraModel: 'NIKON D5300',
    });
  });

  it('gives every broken file a reason a person can read', async () => {
    const store = new ThumbnailStore(join(scratch, 'broken'));
    const broken = readdirSync(corpusPath('broken')).filter((name) => !name.startsWith('wrong-ext_'));
    expect(broken.length).toBeGreaterThanOrEqual(9);
    for (const [i, name] of broken.entries()) {
      const path = corpusPath(`broken/${name}`);
      const attempt = probeImage(path).then(() => store.ensure(hashOf(i + 1), path, 'thumb'));
      await expect(attempt, name).rejects.toBeInstanceOf(UnreadableImageError);
      await expect(attempt, name).rejects.toThrow(/empty|not an image|truncated|corrupt|incomplete/);
    }
  });

  it('makes upright thumbnails whatever the EXIF orientation', async () => {
    const store = new ThumbnailStore(join(scratch, 'orient'));
    const fingerprint = async (path: string) =>
      sharp(path).greyscale().resize(8, 8, { fit: 'fill' }).raw().toBuffer();
    const upright = await fingerprint(
      await store.ensure(hashOf(100), corpusPath('exif/orientation-none_grace-hopper.jpg'), 'thumb'),
    );
    for (const n of [2, 3, 4, 5, 7, 8]) {
      const name = readdirSync(corpusPath('exif')).find((f) => f.startsWith(`orientation-${n}_`))!;
      const thumb = await fingerprint(
        await store.ensure(hashOf(100 + n), corpusPath(`exif/${name}`), 'thumb'),
      );
      const difference = thumb.reduce((sum, v, i) => sum + Math.abs(v - upright[i]!), 0) / thumb.length;
      expect(difference, name).toBeLessThan(12);
    }
  });

  it('shares one render between concurrent requests and caches by hash', async () => {
    const store = new ThumbnailStore(join(scratch, 'cache'));
    const source = corpusPath('photos/animal_squirrel-on-branch.jpg');
    const [a, b] = await Promise.all([
      store.ensure(hashOf(7), source, 'thumb'),
      store.ensure(hashOf(7), source, 'thumb'),
    ]);
    expect(a).toBe(b);
    expect((await sharp(a).metadata()).width).toBe(320);
  });

  it('uploads a JPEG no larger than asked, decoded HEIC included, with no EXIF or GPS', async () => {
    const phone = await prepareUpload(corpusPath('photos/street_leuven-old-town_iphone6_gps.jpg'), 512);
    expect(Math.max(phone.width, phone.height)).toBe(512);
    const bytes = dataUrlPayload(phone.dataUrl);
    expect(await exifr.parse(bytes, { gps: true })).toBeUndefined();
    const optedIn = await prepareUpload(corpusPath('photos/street_leuven-old-town_iphone6_gps.jpg'), 512, {
      keepMetadata: true,
    });
    const kept = await exifr.parse(dataUrlPayload(optedIn.dataUrl), { gps: true });
    expect(kept?.latitude).toBeCloseTo(50.8715, 3);
    const heic = await prepareUpload(corpusPath('formats/heic_stonehenge_nikon-exif_gps_300x200.heic'), 1024);
    expect([heic.width, heic.height]).toEqual([300, 200]);
  });
});
