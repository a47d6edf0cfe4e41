// XMP sidecars beside the originals, as Lightroom (photo.xmp) and digiKam/darktable (photo.jpg.xmp) read
// them: dc:description for the caption, dc:subject and lr:hierarchicalSubject for the tags. An existing
// sidecar is merged (everything else in it is kept, its keywords too) and every write is a temp file and a
// rename, so a crash never leaves half a sidecar. The original photo is never opened for writing.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseXmpDescriptions } from '../imaging/existingMetadata';
import { distinctTags } from '../review/tagRules';
import {
  markedAsSuggestion,
  NO_SUGGESTIONS,
  readSuggestionMarks,
  SHOEBOX_NAMESPACE,
  suggestionMarksXml,
  withoutSuggestionMarks,
  type SuggestedWords,
} from './suggestionMarks';
import { escapeXml, rdfBag, rdfItems } from './xmlText';

export type SidecarNaming = 'lightroom' | 'digikam';

export interface SidecarContent {
  caption: string | null;
  tags: string[];
  /** Which of those are a model's unreviewed suggestions (an export of "suggestions too"). */
  suggested?: SuggestedWords;
}

const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  shoebox: SHOEBOX_NAMESPACE,
};

/** photo.xmp (Lightroom, Capture One) or photo.jpg.xmp (digiKam, darktable). */
export function sidecarPath(photoPath: string, naming: SidecarNaming): string {
  if (naming === 'digikam') return `${photoPath}.xmp`;
  return join(dirname(photoPath), `${basename(photoPath, extname(photoPath))}.xmp`);
}

function propertyXml(content: SidecarContent): string {
  const parts: string[] = [];
  if (content.caption) {
    parts.push(
      `   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(content.caption)}</rdf:li></rdf:Alt></dc:description>`,
    );
  }
  if (content.tags.length > 0) {
    parts.push(`   <dc:subject>${rdfBag(content.tags)}</dc:subject>`);
    // Lightroom's hierarchy uses "|" between levels: a tag containing one is kept as a single level.
    const flat = content.tags.map((tag) => tag.replace(/\|/g, '/'));
    parts.push(`   <lr:hierarchicalSubject>${rdfBag(flat)}</lr:hierarchicalSubject>`);
  }
  const marks = suggestionMarksXml(content.suggested ?? NO_SUGGESTIONS);
  if (marks) parts.push(marks);
  return parts.join('\n');
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

/** The keywords already in a sidecar's dc:subject, so a merge keeps what the user or another tool wrote. */
export function existingKeywords(xml: string): string[] {
  const subject = /<dc:subject\b[^>]*>([\s\S]*?)<\/dc:subject>/.exec(xml)?.[1] ?? '';
  return rdfItems(subject).map((item) => item.text);
}

/** Shoebox's own words from an earlier export; only these may leave a sidecar. */
export interface EarlierWords {
  wroteCaption(text: string): boolean;
  wroteTag(tag: string): boolean;
}

const NOTHING_EARLIER: EarlierWords = { wroteCaption: () => false, wroteTag: () => false };

export function isEmpty(content: SidecarContent): boolean {
  return content.caption === null && content.tags.length === 0;
}

/**
 * Which words in an existing sidecar are Shoebox's: written by an earlier export of this catalogue, or marked
 * in the file as suggestions (by whichever catalogue wrote them).
 */
function shoeboxWords(
  existing: string,
  earlier: EarlierWords,
): { tag(t: string): boolean; caption(c: string): boolean } {
  const marked = markedAsSuggestion(readSuggestionMarks(existing));
  return {
    tag: (tag) => earlier.wroteTag(tag) || marked.tag(tag),
    caption: (text) => earlier.wroteCaption(text) || marked.caption(text),
  };
}

/** Whether a merge with nothing new would still change the sidecar: it holds words Shoebox should take back. */
function holdsShoeboxWords(existing: string, earlier: EarlierWords): boolean {
  const ours = shoeboxWords(existing, earlier);
  const caption = parseXmpDescriptions(existing).caption;
  return (
    /<shoebox:Suggested|shoebox:SuggestedDescription=/.test(existing) ||
    existingKeywords(existing).some((tag) => ours.tag(tag)) ||
    (caption !== null && ours.caption(caption))
  );
}

/**
 * Our three properties replace theirs inside the first rdf:Description; all other properties, namespaces
 * and descriptions stay as they were. Keywords are the union of the old and the new, except words an earlier
 * export of Shoebox wrote and the owner has since rejected, renamed or chosen not to export: those go. A
 * description somebody else wrote stays when Shoebox has none to give.
 */
export function mergeSidecar(
  existing: string,
  content: SidecarContent,
  earlier: EarlierWords = NOTHING_EARLIER,
): string {
  if (!/<rdf:Description\b/.test(existing)) {
    throw new Error('The existing sidecar is not XMP Shoebox can merge into; it was left as it is.');
  }
  const ours = shoeboxWords(existing, earlier);
  const theirs = existingKeywords(existing).filter((tag) => !ours.tag(tag));
  const tags = distinctTags([...theirs, ...content.tags]);
  const oldCaption = parseXmpDescriptions(existing).caption;
  const keptCaption =
    /<dc:description\b[\s\S]*?<\/dc:description>/.test(existing) &&
    !content.caption &&
    !(oldCaption !== null && ours.caption(oldCaption));
  let xml = withoutSuggestionMarks(existing)
    .replace(/\s*<dc:subject\b[^>]*>[\s\S]*?<\/dc:subject>/g, '')
    .replace(/\s*<lr:hierarchicalSubject\b[^>]*>[\s\S]*?<\/lr:hierarchicalSubject>/g, '');
  if (!keptCaption) xml = xml.replace(/\s*<dc:description\b[^>]*>[\s\S]*?<\/dc:description>/g, '');
  const properties = propertyXml({ ...content, caption: keptCaption ? null : content.caption, tags });
  const open = /<rdf:Description\b[^>]*?(\/?)>/.exec(xml)!;
  let tag = open[0];
  if (!/xmlns:dc=/.test(tag)) tag = tag.replace(/(\/?)>$/, ` xmlns:dc="${NS.dc}"$1>`);
  if (!/xmlns:lr=/.test(tag)) tag = tag.replace(/(\/?)>$/, ` xmlns:lr="${NS.lr}"$1>`);
  if (/<shoebox:/.test(properties) && !/xmlns:shoebox=/.test(tag)) {
    tag = tag.replace(/(\/?)>$/, ` xmlns:shoebox="${NS.shoebox}"$1>`);
  }
  const selfClosing = tag.endsWith('/>');
  const replacement = selfClosing
    ? `${tag.slice(0, -2)}>\n${properties}\n  </rdf:Description>`
    : `${tag}\n${properties}`;
  return xml.slice(0, open.index) + replacement + xml.slice(open.index + open[0].length);
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
  const existing = await readFile(target, 'utf8').catch(() => null);
  const nothingToDo = existing === null || !holdsShoeboxWords(existing, earlier);
  if (isEmpty(content) && nothingToDo) return null;
  const xml = existing === null ? newSidecar(content) : mergeSidecar(existing, content, earlier);
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
