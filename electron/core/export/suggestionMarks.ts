// Shoebox's own XMP namespace. An export that includes unreviewed suggestions also says which of the words it
// wrote were the model's, so whoever reads the file later (this catalogue after a rescan, a rebuilt one, the
// copy on another machine) can tell them from the owner's. Photo tools keep properties of namespaces they do
// not know, so the marks travel with the file.
import { tidyTag } from '../review/tagRules';
import { escapeXml, rdfBag } from './xmlText';
import { descendants, firstAttribute, firstElement, rdfItems, textContent, type XmlElement } from './xmpTree';

export const SHOEBOX_NAMESPACE = 'urn:shoebox:xmp:1.0/';

/** The caption and tags in a file that were a model's suggestions when Shoebox wrote them. */
export interface SuggestedWords {
  caption: string | null;
  tags: string[];
}

export const NO_SUGGESTIONS: SuggestedWords = { caption: null, tags: [] };

/** Readers tidy spaces and tools may change case, so words are compared by this key. */
export function wordKey(text: string): string {
  return tidyTag(text).toLowerCase();
}

/** The marks as XMP properties of an rdf:Description; '' when nothing written was a suggestion. */
export function suggestionMarksXml(words: SuggestedWords): string {
  const parts: string[] = [];
  if (words.caption) {
    parts.push(`   <shoebox:SuggestedDescription>${escapeXml(words.caption)}</shoebox:SuggestedDescription>`);
  }
  if (words.tags.length > 0) {
    parts.push(`   <shoebox:SuggestedSubject>${rdfBag(words.tags)}</shoebox:SuggestedSubject>`);
  }
  return parts.join('\n');
}

/** The marks in an XMP packet, as Shoebox or exiftool wrote them (element or attribute form). */
export function readSuggestionMarks(packet: XmlElement): SuggestedWords {
  const element = firstElement(packet, 'shoebox:SuggestedDescription');
  const raw = element
    ? textContent(element)
    : firstAttribute(packet, 'shoebox:SuggestedDescription')?.attribute.value;
  const subject = firstElement(packet, 'shoebox:SuggestedSubject');
  return {
    caption: raw === undefined ? null : raw.trim() || null,
    tags: subject ? rdfItems(subject).map((item) => item.text) : [],
  };
}

/** Where the marks are in the packet's text, so a merge can take them out and write them anew. */
export function suggestionMarkRanges(packet: XmlElement): Array<{ start: number; end: number }> {
  const elements = descendants(packet).filter(
    (e) => e.name === 'shoebox:SuggestedDescription' || e.name === 'shoebox:SuggestedSubject',
  );
  const attributes = descendants(packet).flatMap((e) =>
    e.attributes.filter((a) => a.name === 'shoebox:SuggestedDescription'),
  );
  return [...elements.map((e) => ({ start: e.start, end: e.end })), ...attributes];
}

/** Whether the packet holds any mark at all. */
export function holdsSuggestionMarks(packet: XmlElement): boolean {
  return suggestionMarkRanges(packet).length > 0;
}

/** Tests whether a word read from a file is one of the suggestions these marks name. */
export function markedAsSuggestion(...marks: SuggestedWords[]): {
  caption(text: string): boolean;
  tag(tag: string): boolean;
} {
  const captions = new Set(marks.flatMap((m) => (m.caption === null ? [] : [wordKey(m.caption)])));
  const tags = new Set(marks.flatMap((m) => m.tags.map(wordKey)));
  return { caption: (text) => captions.has(wordKey(text)), tag: (tag) => tags.has(wordKey(tag)) };
}

/** exiftool's definition of the namespace, so it can write the marks into originals too. */
export const EXIFTOOL_CONFIG = `%Image::ExifTool::UserDefined = (
    'Image::ExifTool::XMP::Main' => {
        shoebox => { SubDirectory => { TagTable => 'Image::ExifTool::UserDefined::shoebox' } },
    },
);
%Image::ExifTool::UserDefined::shoebox = (
    GROUPS => { 0 => 'XMP', 1 => 'XMP-shoebox', 2 => 'Image' },
    NAMESPACE => { 'shoebox' => '${SHOEBOX_NAMESPACE}' },
    WRITABLE => 'string',
    SuggestedDescription => { },
    SuggestedSubject => { List => 'Bag' },
);
1;
`;
