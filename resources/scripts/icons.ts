// Renders resources/icon.svg into every icon file the installers use: one PNG per size for Linux
// (resources/icons/NxN.png, the layout electron-builder reads for AppImage and deb), icon.ico for Windows
// and NSIS, icon.icns for macOS and the dmg.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeIcns, encodeIco, type PngImage } from './iconContainers';

/** Every size written as a PNG; the ICO takes those up to 256 px (the format's limit). */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export interface IconFiles {
  pngs: Array<{ size: number; path: string }>;
  ico: string;
  icns: string;
}

export async function makeIcons(svgPath: string, outDir: string): Promise<IconFiles> {
  const svg = await readFile(svgPath);
  // Rasterised once at 1024 px (whatever size the SVG declares) and scaled down from there, so every size
  // is the same drawing, antialiased by one resampling filter.
  const master = await sharp(svg, { density: 72 * (1024 / (await svgWidth(svg))) })
    .resize(1024, 1024, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  const images: PngImage[] = [];
  for (const size of PNG_SIZES) {
    const png = await sharp(master)
      .resize(size, size, { kernel: 'lanczos3' })
      .png({ compressionLevel: 9, palette: false })
      .toBuffer();
    images.push({ size, png });
  }

  const pngDir = join(outDir, 'icons');
  await mkdir(pngDir, { recursive: true });
  const pngs: IconFiles['pngs'] = [];
  for (const { size, png } of images) {
    const path = join(pngDir, `${size}x${size}.png`);
    await writeFile(path, png);
    pngs.push({ size, path });
  }
  const ico = join(outDir, 'icon.ico');
  await writeFile(
    ico,
    encodeIco(images.filter((image) => (ICO_SIZES as readonly number[]).includes(image.size))),
  );
  const icns = join(outDir, 'icon.icns');
  await writeFile(icns, encodeIcns(images));
  return { pngs, ico, icns };
}

async function svgWidth(svg: Buffer): Promise<number> {
  const { width } = await sharp(svg).metadata();
  if (!width) throw new Error('The icon SVG has no width');
  return width;
}
