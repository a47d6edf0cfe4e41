import type { Database } from 'better-sqlite3';
import type { SearchPage, SearchQuery } from '../../../shared/types';
import { planSearch, searchPlanned } from '../catalog/search';
import type { MeaningService } from './meaningService';

/**
 * The search box: words and meaning together. The query's vector comes from the encoder's process (about
 * 10 ms, remembered for the words typed again); without one (no caption has a vector yet, the encoder
 * cannot run, "exact words only") the search goes by words alone.
 */
export async function searchWithMeaning(
  db: Database,
  q: SearchQuery,
  meaning: MeaningService,
): Promise<SearchPage> {
  const text = q.text?.trim() ?? '';
  const plan = planSearch(db, q);
  // A query with no word to rank by (empty, a lone first key, a date alone) shows the newest photos: no vector.
  const vector =
    text !== '' && q.exact !== true && plan.groups.length > 0 ? await meaning.queryVector(text) : null;
  return searchPlanned(db, q, plan, {
    closeInMeaning: vector ? (limit) => meaning.nearest(vector, limit) : undefined,
  });
}
