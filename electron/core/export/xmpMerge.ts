// Merging Shoebox's words into a sidecar another program (or an earlier export) wrote. The packet is parsed
// once (xmpTree.ts) and the text is spliced at the parsed offsets: whatever Shoebox does not own stays byte
// for byte, and the work is linear in the sidecar's size.
import { parseXmpDescriptions } from '../imaging/existingMetadata';
import { distinctTags } from '../review/tagRules';
import {
  holdsSuggestionMarks,
  markedAsSuggestion,
  readSuggestionMarks,
  suggestionMarkRanges,
} from './suggestionMarks';
import { NS, propertyXml, type SidecarContent } from './xmpProperties';
import {
  attributeOf,
  descendants,
  elementsNamed,
  firstAttribute,
  firstElement,
  rdfItems,
  type XmlElement,
} from './xmpTree';

export const NOT_MERGEABLE = 'The existing sidecar is not XMP Shoebox can merge into; it was left as it is.';

/** Shoebox's own words from an earlier export; only these may leave a sidecar. */
export interface EarlierWords {
  wroteCaption(text: string): boolean;
  wroteTag(tag: string): boolean;
}

export const NOTHING_EARLIER: EarlierWords = { wroteCaption: () => false, wroteTag: () => false };

/** The keywords already in a sidecar's dc:subject, so a merge keeps what the user or another tool wrote. */
export function existingKeywords(packet: XmlElement): string[] {
  const subject = firstElement(packet, 'dc:subject');
  return subject ? rdfItems(subject).flatMap((item) => (item.text === '' ? [] : [item.text])) : [];
}

/**
 * Which words in an existing sidecar are Shoebox's: written by an earlier export of this catalogue, or marked
 * in the file as suggestions (by whichever catalogue wrote them).
 */
function shoeboxWords(
  packet: XmlElement,
  earlier: EarlierWords,
): { tag(t: string): boolean; caption(c: string): boolean } {
  const marked = markedAsSuggestion(readSuggestionMarks(packet));
  return {
    tag: (tag) => earlier.wroteTag(tag) || marked.tag(tag),
    caption: (text) => earlier.wroteCaption(text) || marked.caption(text),
  };
}

/** Whether a merge with nothing new would still change the sidecar: it holds words Shoebox should take back. */
export function holdsShoeboxWords(packet: XmlElement, earlier: EarlierWords): boolean {
  const ours = shoeboxWords(packet, earlier);
  const caption = parseXmpDescriptions(packet).caption;
  return (
    holdsSuggestionMarks(packet) ||
    existingKeywords(packet).some((tag) => ours.tag(tag)) ||
    (caption !== null && ours.caption(caption))
  );
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Our three properties replace theirs inside the first rdf:Description; all other properties, namespaces
 * and descriptions stay as they were. Keywords are the union of the old and the new, except words an earlier
 * export of Shoebox wrote and the owner has since rejected, renamed or chosen not to export: those go. A
 * description somebody else wrote stays when Shoebox has none to give.
 */
export function mergeSidecar(
  source: string,
  packet: XmlElement,
  content: SidecarContent,
  earlier: EarlierWords = NOTHING_EARLIER,
): string {
  const target = firstElement(packet, 'rdf:Description');
  if (!target) throw new Error(NOT_MERGEABLE);
  const ours = shoeboxWords(packet, earlier);
  const theirs = existingKeywords(packet).filter((tag) => !ours.tag(tag));
  const tags = distinctTags([...theirs, ...content.tags]);
  const oldCaption = parseXmpDescriptions(packet).caption;
  const hasDescription =
    firstElement(packet, 'dc:description') !== undefined ||
    firstAttribute(packet, 'dc:description') !== undefined;
  const keptCaption =
    hasDescription && !content.caption && !(oldCaption !== null && ours.caption(oldCaption));

  const elements = [
    ...elementsNamed(packet, 'dc:subject'),
    ...elementsNamed(packet, 'lr:hierarchicalSubject'),
    ...(keptCaption ? [] : elementsNamed(packet, 'dc:description')),
  ];
  const attributes = keptCaption
    ? []
    : descendants(packet).flatMap((element) => element.attributes.filter((a) => a.name === 'dc:description'));
  // An element goes with the whitespace before it (an attribute's range starts there already), so merging
  // into a sidecar again and again leaves no blank lines behind.
  const removals = [...elements, ...attributes, ...suggestionMarkRanges(packet)].map((range) =>
    source[range.start] === '<' ? { start: backOverSpace(source, range.start), end: range.end } : range,
  );

  const properties = propertyXml({ ...content, caption: keptCaption ? null : content.caption, tags });
  const inTag = removals.filter((r) => r.start >= target.start && r.end <= target.openEnd);
  let tag = splice(
    source.slice(target.start, target.openEnd),
    inTag.map((r) => shifted(r, -target.start)),
  );
  const declare = (prefix: keyof typeof NS) => {
    if (!attributeOf(target, `xmlns:${prefix}`))
      tag = tag.replace(/(\/?)>$/, ` xmlns:${prefix}="${NS[prefix]}"$1>`);
  };
  declare('dc');
  declare('lr');
  if (/<shoebox:/.test(properties)) declare('shoebox');
  const replacement = target.selfClosing
    ? `${tag.slice(0, -2)}>\n${properties}\n  </rdf:Description>`
    : `${tag}\n${properties}`;
  const edits: Edit[] = [
    { start: target.start, end: target.openEnd, text: replacement },
    ...removals.map((r) => ({ ...r, text: '' })),
  ];
  return splice(source, edits);
}

function shifted(range: { start: number; end: number }, by: number): Edit {
  return { start: range.start + by, end: range.end + by, text: '' };
}

/** Applies non-overlapping edits; an edit inside one already applied is dropped (the outer one rewrote it). */
function splice(source: string, edits: Edit[]): string {
  const ordered = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: string[] = [];
  let at = 0;
  for (const edit of ordered) {
    if (edit.start < at) continue;
    parts.push(source.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/** The start of the whitespace run before `index`, so a removed element takes its indentation with it. */
function backOverSpace(source: string, index: number): number {
  let start = index;
  while (start > 0 && /\s/.test(source[start - 1]!)) start--;
  return start;
}
