import type { Database } from 'better-sqlite3';
import { applyRules, loadRules } from './tagRules';
import { captionStateOf, keepCaptionAside, suggestModelCaption } from '../stores/captionsStore';
import { replaceSuggestedTags } from '../stores/tagsStore';
import { withSearchDocumentHeld } from '../stores/searchDocHold';

export interface ModelSuggestion {
  caption: string;
  tags: readonly string[];
  model: string;
  promptVersion: number;
  at: string;
}

/**
 * Stores a model's answer as suggestions without ever replacing the user's word: an accepted or user caption
 * stays and the new one is kept aside; accepted, user and rejected tags stay as they are (a rejected tag is not
 * suggested again); earlier suggestions nobody reviewed give way to the new ones. Vocabulary rules apply first.
 * Call inside the transaction that records the call's result.
 */
export function storeModelSuggestion(db: Database, photoId: number, s: ModelSuggestion): void {
  // The caption and every tag row change: the search document is written once for all of them.
  withSearchDocumentHeld(db, photoId, () => writeSuggestionRows(db, photoId, s));
}

/**
 * storeModelSuggestion's rows without the search document's hold, so that each row's trigger rewrites the
 * document: what an answer cost before, the answer-store benchmark's baseline. Callers store answers with
 * storeModelSuggestion.
 */
export function writeSuggestionRows(db: Database, photoId: number, s: ModelSuggestion): void {
  const tags = applyRules(loadRules(db), s.tags);
  const captionState = captionStateOf(db, photoId);
  if (captionState === 'accepted' || captionState === 'user') keepCaptionAside(db, photoId, s.caption);
  else suggestModelCaption(db, photoId, s);
  replaceSuggestedTags(db, photoId, tags, s);
}
