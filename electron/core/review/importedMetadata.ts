import type { Database } from 'better-sqlite3';
import { applyRules, loadRules, tidyTag } from './tagRules';
import { importCaption } from '../stores/captionsStore';
import { addImportedTags } from '../stores/tagsStore';

export interface ImportedDescriptions {
  caption: string | null;
  keywords: readonly string[];
  captionSource: string | null;
  keywordSource: string | null;
}

/**
 * What a photo already said about itself (its XMP, IPTC or EXIF, or its sidecar) becomes the user's caption
 * and tags: a model may add suggestions beside them but never replaces them. Read again later (a rescan), it
 * only adds: a caption the user accepted or wrote stays, tags already on the photo keep their state (a
 * rejected one stays rejected), and the vocabulary's renames and deletions apply as they do to the model's.
 */
export function storeImported(db: Database, photoId: number, found: ImportedDescriptions, at: string): void {
  // Most photos say nothing about themselves: no statements for them on the ingest path.
  if (!found.caption && found.keywords.length === 0) return;
  if (found.caption) importCaption(db, photoId, found.caption, found.captionSource, at);
  const keywords = applyRules(loadRules(db), found.keywords.map(tidyTag).filter(Boolean));
  addImportedTags(db, photoId, keywords, found.keywordSource, at);
}
