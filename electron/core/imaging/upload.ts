import { jpegDataUrl, type DataUrlBytes } from './dataUrl';
import { uprightImage } from './decode';
import { decodeOrReason } from './decodeFailure';
import { probeFormat } from './format';

export interface PreparedUpload {
  /** Sent as it is: a megabyte of base64 held as a string would be copied into the request's JSON, then into UTF-8. */
  dataUrl: DataUrlBytes;
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
  const { data, info } = await decodeOrReason(async () => {
    const image = await uprightImage(path, await probeFormat(path));
    return (options.keepMetadata ? image.keepExif() : image)
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
  });
  return {
    dataUrl: jpegDataUrl(data),
    mime: 'image/jpeg',
    width: info.width,
    height: info.height,
    bytes: data.length,
  };
}
