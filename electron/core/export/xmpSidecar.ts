// XMP sidecars beside the originals, as Lightroom (photo.xmp) and digiKam/darktable (photo.jpg.xmp) read
// them: dc:description for the caption, dc:subject and lr:hierarchicalSubject for the tags. An existing
// sidecar is merged (xmpMerge.ts: everything else in it is kept, its keywords too) and every write is a temp
// file put in place whole, so a crash never leaves half a sidecar. The original photo is never opened for
// writing.
import { basename, dirname, extname, join } from 'node:path';
import {
  holdsShoeboxWords,
  mergeSidecar,
  NOT_MERGEABLE,
  NOTHING_EARLIER,
  type EarlierWords,
} from './xmpMerge';
import { TOO_LARGE } from './readBoundedText';
import { reasonOf } from './exportOutcome';
import { NS, propertyXml, type SidecarContent } from './xmpProperties';
import { SidecarFolders } from './sidecarFolders';
import { putInPlace, type SidecarWrite } from './sidecarWrites';
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

/** What exporting to one sidecar comes to, once the existing one (if any) is read. */
export type SidecarPlan =
  /** Nothing to say, and nothing of Shoebox's to take out of an existing sidecar (left alone). */
  | { kind: 'nothing' }
  /** The sidecar already says what the export would write. */
  | { kind: 'unchanged'; target: string }
  | SidecarWrite;

/**
 * Writes (or merges into) the sidecar for `photoPath`; returns the sidecar's path, or null when there was
 * nothing to write and no word of Shoebox's to take out of an existing sidecar (which is then left alone).
 * A sidecar that already says what the merge would write is not written again.
 */
export async function writeSidecar(
  photoPath: string,
  content: SidecarContent,
  naming: SidecarNaming,
  earlier: EarlierWords = NOTHING_EARLIER,
  folders: SidecarFolders = new SidecarFolders(),
): Promise<string | null> {
  // A sidecar can appear between looking and writing (another program saving one): then look again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const plan = await planSidecar(photoPath, content, naming, earlier, folders);
    if (plan.kind === 'nothing') return null;
    if (plan.kind === 'unchanged') return plan.target;
    const [result] = await putInPlace([plan], folders);
    if (result instanceof Error) throw result;
    if (result === 'written') return plan.target;
  }
  throw new Error('The sidecar kept changing while Shoebox wrote it; it was left as it is.');
}

const ABSENT = Symbol('absent');

/** Reads the sidecar `photoPath` has (when the folder's listing says it may) and decides what to write. */
export async function planSidecar(
  photoPath: string,
  content: SidecarContent,
  naming: SidecarNaming,
  earlier: EarlierWords,
  folders: SidecarFolders,
): Promise<SidecarPlan> {
  const target = sidecarPath(photoPath, naming);
  const existing = (await folders.mayExist(target)) ? await readExisting(target, folders) : ABSENT;
  if (existing === TOO_LARGE) {
    if (isEmpty(content)) return { kind: 'nothing' };
    throw new Error(
      `The existing sidecar is larger than ${MAX_XMP_BYTES / 1024} KB, which no real sidecar is; it was left as it is.`,
    );
  }
  // An empty file holds nothing to keep (a sidecar cut short by a power cut, say): it is written anew.
  if (existing === ABSENT || existing.trim() === '') {
    if (isEmpty(content)) return { kind: 'nothing' };
    const xml = newSidecar(content);
    return existing === ABSENT
      ? { kind: 'create', target, xml }
      : { kind: 'replace', target, xml, durable: false };
  }
  // What a fresh export of these words writes: such a sidecar holds nothing else, and no merge would change it.
  if (existing === newSidecar(content)) return { kind: 'unchanged', target };
  const packet = tryParseXmp(existing);
  const nothingToDo = packet === null || !holdsShoeboxWords(packet, earlier);
  if (isEmpty(content) && nothingToDo) return { kind: 'nothing' };
  if (packet === null) throw new Error(NOT_MERGEABLE);
  const merged = mergeSidecar(existing, packet, content, earlier);
  if (merged === existing) return { kind: 'unchanged', target };
  // The sidecar being replaced may hold another program's work: its replacement must be on the disk first.
  return { kind: 'replace', target, xml: merged, durable: true };
}

async function readExisting(
  target: string,
  folders: SidecarFolders,
): Promise<string | typeof TOO_LARGE | typeof ABSENT> {
  try {
    return await folders.reader.read(target, MAX_XMP_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return ABSENT;
    // Unreadable is not absent: writing over it could destroy what it holds.
    throw new Error(`The existing sidecar could not be read (${reasonOf(error)}); it was left as it is.`);
  }
}
