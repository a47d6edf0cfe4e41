import { randomUUID } from 'node:crypto';
import { dataUrlText, wrapInPlace, type DataUrlBytes } from '../imaging/dataUrl';

/** Where the image goes while the rest of the request is encoded: a name no photo's words can know. */
const IMAGE_SLOT = `shoebox-image-${randomUUID()}`;
/** The slot as the JSON text has it, quotes included (ASCII: its bytes are its characters). */
const SLOT_IN_JSON = Buffer.from(JSON.stringify(IMAGE_SLOT));

/**
 * A request's JSON as the bytes to send, the image's data URL copied in as it is. Handing the SDK the body as
 * an object cost a JSON.stringify that scans and copies the megabyte of base64, then its UTF-8 encoding: two
 * large copies per photo on the main thread, and their garbage; the data URL is not even copied once when
 * the JSON around it fits in the room left around it (`wrapInPlace`). The bytes are exactly JSON.stringify's: a
 * data URL's bytes need no escaping (`jpegDataUrl` writes only ASCII letters, digits and `+/=:;,`).
 */
export function encodeRequestWithImage(build: (imageUrl: string) => unknown, image: DataUrlBytes): Buffer {
  const encoded = Buffer.from(JSON.stringify(build(IMAGE_SLOT)));
  const at = encoded.indexOf(SLOT_IN_JSON);
  // The slot is in the body once; twice means the owner's words quote it, and the slow way is the sure one.
  if (at < 0 || encoded.indexOf(SLOT_IN_JSON, at + 1) >= 0) {
    return Buffer.from(JSON.stringify(build(dataUrlText(image))));
  }
  // The slot's quotes stay: the data URL goes between them.
  const head = encoded.subarray(0, at + 1);
  const tail = encoded.subarray(at + SLOT_IN_JSON.length - 1);
  return (
    wrapInPlace(image, head, tail) ??
    Buffer.concat([head, image, tail], head.length + image.length + tail.length)
  );
}
