// XMP sidecars beside the originals, as Lightroom (photo.xmp) and digiKam/darktable (photo.jpg.xmp) read
// them: dc:description for the caption, dc:subject and lr:hierarchicalSubject for the tags. An existing
// sidecar is merged (xmpMerge.ts: everything else in it is kept, its keywords too) and every write is a temp
// file and a rename, so a crash never leaves half a sidecar. The original photo is never opened for writing.
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  holdsShoeboxWords,
  mergeSidecar,
  NOT_MERGEABLE,
  NOTHING_EARLIER,
  type EarlierWords,
} from './xmpMerge';
import { readBoundedText, TOO_LARGE } from './readBoundedText';
import { NS, propertyXml, type SidecarContent } from './xmpProperties';
import { MAX_XMP_BYTES, tryParseXmp } from './xmpTree';

export type { EarlierWords } from './xmpMerge';
export type { SidecarContent } from './xmpProperties';

export type SidecarNaming = 'lightroom' | 'digikam';

/** photo.xmp (Lightroom, Capture One) or photo.jpg.xmp (digiKam, darktable). */
export function sidecarPath(photoPath: string, naming: SidecarNaming): string {
  if (naming === 'digikam') return `${photoPath}.xmp`;
  return join(dirname(photoPath), `${basename(photoPath, extname(photoPath))}.xmp`);
}

export function newSidecar(content: SidecarContent): string {
  return (
    [
      `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
      `<x:xmpmeta xmlns:x="${NS.x}" x:xmptk="Shoebox">`,
      ` <rdf:RDF xmlns:rdf="${NS.rdf}">`,
      `  <rdf:Description rdf:about="" xmlns:dc="${NS.dc}" xmlns:lr="${NS.lr}" xmlns:shoebox="${NS.shoebox}">`,
      propertyXml(content),
      `  </rdf:Description>`,
      ` </rdf:RDF>`,
      `</x:xmpmeta>`,
      `<?xpacket end="w"?>`,
    ]
      // No blank line where there are no properties; a newline at the end, as text files have.
      .filter((line) => line !== '')
      .map((line) => `${line}\n`)
      .join('')
  );
}

export function isEmpty(content: SidecarContent): boolean {
  return content.caption === null && content.tags.length === 0;
}

/**
 * Writes (or merges into) the sidecar for `photoPath`; returns the sidecar's path, or null when there was
 * nothing to write and no word of Shoebox's to take out of an existing sidecar (which is then left alone).
 */
export async function writeSidecar(
  photoPath: string,
  content: SidecarContent,
  naming: SidecarNaming,
  earlier: EarlierWords = NOTHING_EARLIER,
): Promise<string | null> {
  const target = sidecarPath(photoPath, naming);
  const existing = await readBoundedText(target, MAX_XMP_BYTES).catch(() => null);
  if (existing === TOO_LARGE) {
    if (isEmpty(content)) return null;
    throw new Error(
      `The existing sidecar is larger than ${MAX_XMP_BYTES / 1024} KB, which no real sidecar is; it was left as it is.`,
    );
  }
  const packet = existing === null ? null : tryParseXmp(existing);
  const nothingToDo = packet === null || !holdsShoeboxWords(packet, earlier);
  if (isEmpty(content) && nothingToDo) return null;
  if (existing === null) return writeAtomically(target, newSidecar(content));
  if (packet === null) throw new Error(NOT_MERGEABLE);
  return writeAtomically(target, mergeSidecar(existing, packet, content, earlier));
}

async function writeAtomically(target: string, xml: string): Promise<string> {
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, xml, 'utf8');
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return target;
}
