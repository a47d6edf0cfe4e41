// The corpus pictures a small photo's one-decode path takes: JPEG, PNG and WebP within the thumbnail's box.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { fitsThumbnailBox, thumbnailBytes } from '../../electron/core/imaging/thumbnails';
import { formatDecodedHere } from '../../electron/core/library/ingestDecode';
import { CORPUS_DIR } from './corpus';

/** Every corpus JPEG, PNG and WebP that fits in the thumbnail's box and makes a thumbnail (not the broken). */
export async function corpusWithinBox(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(CORPUS_DIR, folder.name))) {
      const path = join(CORPUS_DIR, folder.name, name);
      const bytes = readFileSync(path);
      if (!formatDecodedHere(path, bytes)) continue;
      const size = await sharp(bytes)
        .metadata()
        .then((meta) => meta.autoOrient)
        .catch(() => null);
      if (!size || !fitsThumbnailBox(size.width, size.height)) continue;
      if (
        await thumbnailBytes(path, 'thumb', bytes).then(
          () => true,
          () => false,
        )
      )
        found.push(path);
    }
  }
  return found;
}
