import { unreadableFrom, uprightImage } from './decode';
import { probeFormat } from './format';

export interface PreparedUpload {
  dataUrl: string;
  mime: 'image/jpeg';
  width: number;
  height: number;
  bytes: number;
}

/**
 * The picture as it is sent to a provider: upright, long side at most `maxSide` (never enlarged), JPEG,
 * and without EXIF, GPS or any other metadata (sharp writes none unless asked) unless the user opted in.
 */
export async function prepareUpload(
  path: string,
  maxSide: number,
  options: { keepMetadata?: boolean } = {},
): Promise<PreparedUpload> {
  try {
    const image = await uprightImage(path, await probeFormat(path));
    const { data, info } = await (options.keepMetadata ? image.keepExif() : image)
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return {
      dataUrl: `data:image/jpeg;base64,${data.toString('base64')}`,
      mime: 'image/jpeg',
      width: info.width,
      height: info.height,
      bytes: data.length,
    };
  } catch (error) {
    throw unreadableFrom(error);
  }
}
