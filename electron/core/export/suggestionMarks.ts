// Shoebox's own XMP namespace. An export that includes unreviewed suggestions also says which of the words it
// wrote were the model's, so whoever reads the file later (this catalogue after a rescan, a rebuilt one, the
// copy on another machine) can tell them from the owner's. Photo tools keep properties of namespaces they do
// not know, so the marks travel with the file.
import { tidyTag } from '../review/tagRules';
import { escapeXml, rdfBag, rdfItems, unescapeXml } from './xmlText';

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
export function readSuggestionMarks(xml: string): SuggestedWords {
  const element = /<shoebox:SuggestedDescription\b[^>]*>([\s\S]*?)<\/shoebox:SuggestedDescription>/.exec(xml);
  const attribute = /\bshoebox:SuggestedDescription=(["'])([\s\S]*?)\1/.exec(xml);
  const raw = element?.[1] ?? attribute?.[2];
  const subject =
    /<shoebox:SuggestedSubject\b[^>]*>([\s\S]*?)<\/shoebox:SuggestedSubject>/.exec(xml)?.[1] ?? '';
  return {
    caption: raw === undefined ? null : unescapeXml(raw.trim()) || null,
    tags: rdfItems(subject).map((item) => item.text),
  };
}

/** The packet without its marks, so a merge can write them anew. */
export function withoutSuggestionMarks(xml: string): string {
  return xml
    .replace(/\s*<shoebox:Suggested(Description|Subject)\b[^>]*>[\s\S]*?<\/shoebox:Suggested\1>/g, '')
    .replace(/\s+shoebox:SuggestedDescription=(["'])[\s\S]*?\1/g, '');
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
