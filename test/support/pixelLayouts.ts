// Small pictures (within the thumbnail's box) in the pixel layouts a decoder treats differently, made from
// corpus photos: ICC profiles, CMYK, 16 bits, palettes, alpha (graded, grey, WebP), greyscale, orientation.
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { corpusPath } from './corpus';

const SHEEP = 'photos/animal_sheep-grazing-in-field.jpg';
const DISPLAY_P3 = 'photos/landscape_mountain-lake_iphone7_displayp3_4032x3024.jpg';

/** Writes the pictures into `dir` and returns their paths. */
export async function writePixelLayouts(dir: string): Promise<string[]> {
  const small = () => sharp(corpusPath(SHEEP)).resize(200, 120, { fit: 'fill' });
  const p3 = () => sharp(corpusPath(DISPLAY_P3)).resize(200, 150).keepIccProfile();
  const mask = await sharp(corpusPath('photos/document_newspaper-sudoku.png'))
    .resize(200, 120, { fit: 'fill' })
    .greyscale()
    .raw()
    .toBuffer();
  const graded = () => small().joinChannel(mask, { raw: { width: 200, height: 120, channels: 1 } });
  const made: Array<[string, Sharp]> = [
    ['display-p3.jpg', p3().jpeg()],
    ['display-p3.png', p3().png()],
    ['display-p3-grey.png', p3().greyscale().png()],
    ['cmyk.jpg', small().toColourspace('cmyk').jpeg()],
    ['rgb16.png', small().toColourspace('rgb16').png()],
    ['grey16.png', small().toColourspace('grey16').png()],
    ['grey.jpg', small().greyscale().jpeg()],
    ['graded-alpha.png', graded().png()],
    ['graded-alpha-palette.png', graded().png({ palette: true })],
    ['grey-alpha.png', small().greyscale().ensureAlpha(0.7).png()],
    ['graded-alpha.webp', graded().webp()],
    ['lossless.webp', small().webp({ lossless: true })],
    ['two-colour.png', small().greyscale().threshold(128).png({ palette: true, colours: 2 })],
    ['orientation-8.jpg', small().withMetadata({ orientation: 8 }).jpeg()],
  ];
  const paths: string[] = [];
  for (const [name, image] of made) {
    const path = join(dir, name);
    await image.toFile(path);
    paths.push(path);
  }
  return paths;
}
