// Which photos an export covers. A scope without words needs no ranking and is one indexed query (the
// store's). A scope with words is a search result: its ids are ranked once, all of them, the way the search
// ranks its pages (no summaries, no highlights), instead of asking the ranked search page after page, which
// ranked every earlier page again for each new one.
import type { Database } from 'better-sqlite3';
import type { ExportScope } from '../../../shared/types';
import { filters } from '../stores/searchScope';
import { planSearch } from '../catalog/search';
import { rankTiers } from '../search/rankTiers';
import { unrankedScopeIds, withReadableFile } from '../stores/exportRecordsStore';

/** Ranks every match: an export reaches to the end of the list, however long. */
const WHOLE_LIST = Number.MAX_SAFE_INTEGER;

/** The photos an export covers: the search's order for words, catalogue order otherwise. */
export function scopePhotoIds(db: Database, scope: ExportScope, now: Date = new Date()): number[] {
  const search = scope.search;
  if (!search || !search.text.trim()) return unrankedScopeIds(db, scope);
  const plan = planSearch(db, { text: search.text }, now);
  // A date phrase alone ("last summer") is a filter with nothing to rank.
  if (plan.groups.length === 0) return unrankedScopeIds(db, scope, plan.dateFilter);
  const query = { ...search, folderId: scope.folderId };
  const tiers = rankTiers(db, plan.groups, filters(query, plan.dateFilter), WHOLE_LIST, false);
  // As the search shows them: the photos matching every word, or, when none does, those matching some.
  return withReadableFile(db, tiers.strong.length > 0 ? tiers.strong : (tiers.weaker ?? []));
}
