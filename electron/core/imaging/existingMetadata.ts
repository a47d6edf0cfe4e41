// What a photo already says about itself, read when it joins the catalogue: its XMP sidecar (written by
// Lightroom, digiKam or darktable), then its embedded XMP, IPTC and EXIF. Read-only, and never an error:
// metadata Shoebox cannot read is simply not imported.
import exifr from 'exifr';
import { markedAsSuggestion, readSuggestionMarks } from '../export/suggestionMarks';
import {
  firstAttribute,
  firstElement,
  MAX_XMP_BYTES,
  parseXmp,
  rdfItems,
  textContent,
  XmpSyntaxError,
  type XmlElement,
} from '../export/xmpTree';
import type { Log } from '../log';
import type { ImportedDescriptions } from '../review/importedMetadata';
import { distinctTags } from '../review/tagRules';
import { readSidecarPacket } from './sidecarFile';

/** Descriptions cameras and editors write on their own; they say nothing about the photo. */
const BOILERPLATE = new Set(
  [
    'olympus digital camera',
    'sony dsc',
    'digital camera',
    'created with gimp',
    'dcim',
    'default',
    'image',
    'untitled',
    'konica minolta digital camera',
    'minolta digital camera',
    'samsung',
    'samsung camera pictures',
    'leica',
    'picasa',
    'exif_jpeg_picture',
    'hdr',
    'lg electronics',
    'kodak digital still camera',
    'vivitar digital camera',
    // An empty language alternative some tools fill with its own language tag.
    'x-default',
  ].map((s) => s.toLowerCase()),
);

function meaningful(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const cleaned = text.replace(/\0/g, '').replace(/\s+/g, ' ').trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return null;
  return BOILERPLATE.has(cleaned.toLowerCase()) ? null : cleaned;
}

function uniqueKeywords(values: readonly unknown[]): string[] {
  return distinctTags(
    values.flatMap(
      (value) => meaningful(typeof value === 'number' ? String(value) : (value as string)) ?? [],
    ),
  );
}

/** dc:description (x-default first) and dc:subject from an XMP packet, element or attribute form. */
export function parseXmpDescriptions(packet: XmlElement): { caption: string | null; keywords: string[] } {
  const description = firstElement(packet, 'dc:description');
  let caption: string | null;
  if (description !== undefined) {
    const alts = rdfItems(description);
    const preferred = alts.find((alt) => alt.lang === 'x-default') ?? alts[0];
    caption = meaningful(preferred ? preferred.text : textContent(description).trim());
  } else {
    caption = meaningful(firstAttribute(packet, 'dc:description')?.attribute.value ?? null);
  }
  const subject = firstElement(packet, 'dc:subject');
  const keywords = subject === undefined ? [] : uniqueKeywords(rdfItems(subject).map((item) => item.text));
  return { caption, keywords };
}

/** XMP packets may be UTF-16 (old Photoshop); exifr hands those over as text with NULs between the letters. */
function decodePacket(raw: string): string {
  if (!raw.includes('\0')) return raw;
  return raw.replace(/\0/g, '').replace(/^[\uFFFD\uFEFF\u00FE\u00FF]+/, '');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * exifr hands IPTC text over as Latin-1 even when the file declares UTF-8 (as exiftool and Shoebox write
 * it), turning "café" into "cafÃ©". Text whose Latin-1 bytes are valid UTF-8 is such text; real Latin-1 with
 * accents almost never is.
 */
function iptcText(value: unknown): string | undefined {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : undefined;
  const latin1Only = [...value].every((ch) => ch.codePointAt(0)! <= 0xff);
  if (!latin1Only || !/[\u0080-\u00ff]/.test(value)) return value;
  try {
    return UTF8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

interface EmbeddedFields {
  xmp?: unknown;
  iptc?: { Caption?: unknown; Keywords?: unknown };
  ifd0?: { ImageDescription?: unknown };
}

/** One options object for every call: exifr caches each options object it meets, for good (see probe.ts). */
const EMBEDDED_OPTIONS = {
  tiff: true,
  ifd0: { pick: ['ImageDescription'] } as never,
  exif: false,
  gps: false,
  icc: false,
  iptc: true,
  xmp: { parse: false } as never,
  mergeOutput: false,
  translateValues: false,
};

async function readEmbedded(input: string | Buffer): Promise<EmbeddedFields> {
  try {
    return ((await exifr.parse(input, EMBEDDED_OPTIONS)) ?? {}) as EmbeddedFields;
  } catch {
    return {};
  }
}

/** The embedded packet, parsed; null (with the reason told) when it is too large or malformed. */
function embeddedPacket(raw: unknown, tell: (reason: string) => void): XmlElement | null {
  if (typeof raw !== 'string') return null;
  if (raw.length > MAX_XMP_BYTES) {
    tell(`embedded XMP larger than ${MAX_XMP_BYTES / 1024} KB, ignored`);
    return null;
  }
  try {
    return parseXmp(decodePacket(raw));
  } catch (error) {
    if (!(error instanceof XmpSyntaxError)) throw error;
    tell(`embedded XMP is not well-formed (${error.message}), ignored`);
    return null;
  }
}

/**
 * The photo's own caption and keywords, each from the first place that has them. Metadata passed over (a
 * sidecar too large to be real, malformed XMP) is told to `log`, the rest still read. `bytes`, when given,
 * are the photo's whole file, read instead of the file.
 */
export async function readExistingDescriptions(
  photoPath: string,
  log?: Pick<Log, 'warn'>,
  bytes?: Buffer,
): Promise<ImportedDescriptions> {
  const found: ImportedDescriptions = {
    caption: null,
    keywords: [],
    captionSource: null,
    keywordSource: null,
  };
  const sidecarReading = await readSidecarPacket(photoPath);
  for (const { path, reason } of sidecarReading.ignored) log?.warn(reason, { path });
  const sidecar = sidecarReading.packet;
  const embedded = await readEmbedded(bytes ?? photoPath);
  const xmp = embeddedPacket(embedded.xmp, (reason) => log?.warn(reason, { path: photoPath }));
  // Words an export of Shoebox marked as the model's suggestions are not the owner's, wherever they are
  // found: the same export wrote them into IPTC and EXIF too.
  const marked = markedAsSuggestion(
    ...[sidecar, xmp].flatMap((packet) => (packet === null ? [] : [readSuggestionMarks(packet)])),
  );
  const take = (source: string, caption: string | null, keywords: string[]) => {
    const owners = keywords.filter((keyword) => !marked.tag(keyword));
    if (found.caption === null && caption && !marked.caption(caption))
      Object.assign(found, { caption, captionSource: source });
    if (found.keywords.length === 0 && owners.length > 0)
      Object.assign(found, { keywords: owners, keywordSource: source });
  };

  if (sidecar !== null) {
    const { caption, keywords } = parseXmpDescriptions(sidecar);
    take('XMP sidecar', caption, keywords);
  }
  if (xmp !== null) {
    const { caption, keywords } = parseXmpDescriptions(xmp);
    take('XMP', caption, keywords);
  }
  if (embedded.iptc) {
    const raw = embedded.iptc.Keywords;
    const keywords = uniqueKeywords(
      (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(iptcText),
    );
    take('IPTC', meaningful(iptcText(embedded.iptc.Caption)), keywords);
  }
  take('EXIF', meaningful(embedded.ifd0?.ImageDescription as string | undefined), []);
  return found;
}
