// The XMP properties Shoebox writes into a sidecar's rdf:Description, new or merged.
import {
  NO_SUGGESTIONS,
  SHOEBOX_NAMESPACE,
  suggestionMarksXml,
  type SuggestedWords,
} from './suggestionMarks';
import { escapeXml, rdfBag } from './xmlText';

export interface SidecarContent {
  caption: string | null;
  tags: string[];
  /** Which of those are a model's unreviewed suggestions (an export of "suggestions too"). */
  suggested?: SuggestedWords;
}

export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  lr: 'http://ns.adobe.com/lightroom/1.0/',
  shoebox: SHOEBOX_NAMESPACE,
};

export function propertyXml(content: SidecarContent): string {
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
