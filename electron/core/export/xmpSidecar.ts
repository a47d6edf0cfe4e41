// XMP sidecars beside the originals, as Lightroom (photo.xmp) and digiKam/darktable (photo.jpg.xmp) read
// them: dc:description for the caption, dc:subject and lr:hierarchicalSubject for the tags. An existing
// sidecar is merged (xmpMerge.ts: everything else in it is kept, its keywords too) and every write is a temp
// file put in place whole, so a crash never leaves half a sidecar. The original photo is never opened for
// writing.
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
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
import { SidecarFolders } from './sidecarFolders';
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
 * A sidecar that already says what the merge would write is not written again.
 */
export async function writeSidecar(
  photoPath: string,
  content: SidecarContent,
  naming: SidecarNaming,
  earlier: EarlierWords = NOTHING_EARLIER,
  folders: SidecarFolders = new SidecarFolders(),
): Promise<string | null> {
  const target = sidecarPath(photoPath, naming);
  return folders.exclusive(target, async () => {
    // A sidecar can appear between looking and writing (another program saving one): then look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = (await folders.mayExist(target)) ? await readExisting(target) : ABSENT;
      const outcome = await writeOver(target, existing, content, earlier, folders);
      if (outcome !== APPEARED) return outcome;
    }
    throw new Error('The sidecar kept changing while Shoebox wrote it; it was left as it is.');
  });
}

const ABSENT = Symbol('absent');
const APPEARED = Symbol('appeared');

async function readExisting(target: string): Promise<string | typeof TOO_LARGE | typeof ABSENT> {
  try {
    return await readBoundedText(target, MAX_XMP_BYTES);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return ABSENT;
    // Unreadable is not absent: writing over it could destroy what it holds.
    throw new Error(`The existing sidecar could not be read (${reasonOf(error)}); it was left as it is.`);
  }
}

async function writeOver(
  target: string,
  existing: string | typeof TOO_LARGE | typeof ABSENT,
  content: SidecarContent,
  earlier: EarlierWords,
  folders: SidecarFolders,
): Promise<string | null | typeof APPEARED> {
  if (existing === TOO_LARGE) {
    if (isEmpty(content)) return null;
    throw new Error(
      `The existing sidecar is larger than ${MAX_XMP_BYTES / 1024} KB, which no real sidecar is; it was left as it is.`,
    );
  }
  // An empty file holds nothing to keep (a sidecar cut short by a power cut, say): it is written anew.
  if (existing === ABSENT || existing.trim() === '') {
    if (isEmpty(content)) return null;
    const xml = newSidecar(content);
    if (existing !== ABSENT) return replaceFile(target, xml, { durable: false });
    return (await createFile(target, xml, folders)) ? target : APPEARED;
  }
  const packet = tryParseXmp(existing);
  const nothingToDo = packet === null || !holdsShoeboxWords(packet, earlier);
  if (isEmpty(content) && nothingToDo) return null;
  if (packet === null) throw new Error(NOT_MERGEABLE);
  const merged = mergeSidecar(existing, packet, content, earlier);
  if (merged === existing) return target;
  return replaceFile(target, merged, { durable: true });
}

let temps = 0;

function tempFor(target: string): string {
  return `${target}.${process.pid}.${Date.now()}.${++temps}.tmp`;
}

/** The whole text in a temp file; `durable`: on the disk, not only in the cache, before the call returns. */
async function writeTemp(temp: string, xml: string, durable: boolean): Promise<void> {
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(xml, 'utf8');
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a sidecar by a rename. The new text is made durable first: the file being replaced may hold
 * another program's work, and a rename that reaches the disk before the data could leave it empty.
 */
async function replaceFile(target: string, xml: string, { durable }: { durable: boolean }): Promise<string> {
  const temp = tempFor(target);
  try {
    await writeTemp(temp, xml, durable);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return target;
}

/**
 * Puts a new sidecar in place without replacing one: a hard link fails on an existing name, where a rename
 * would overwrite a sidecar created since the folder was listed. False when one appeared. Nothing of anyone
 * else's is at stake, so the text is not forced to the disk: a power cut can lose only this new file.
 */
async function createFile(target: string, xml: string, folders: SidecarFolders): Promise<boolean> {
  const temp = tempFor(target);
  let tempLeft = true;
  try {
    await writeTemp(temp, xml, false);
    if (folders.linksWork(target)) {
      try {
        await link(temp, target);
        folders.created(target);
        return true;
      } catch (error) {
        if (codeOf(error) === 'EEXIST') return false;
        folders.linksFailed(target);
      }
    }
    // Without hard links, a look just before the rename narrows the window to a moment.
    if (await exists(target)) return false;
    await rename(temp, target);
    tempLeft = false;
    folders.created(target);
    return true;
  } finally {
    if (tempLeft) await unlink(temp).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
