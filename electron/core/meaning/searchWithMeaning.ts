import type { Database } from 'better-sqlite3';
import type { SearchPage, SearchQuery } from '../../../shared/types';
import { searchPhotos } from '../catalog/search';
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
  const vector = text !== '' && q.exact !== true ? await meaning.queryVector(text) : null;
  return searchPhotos(db, q, {
    closeInMeaning: vector ? (limit) => meaning.nearest(vector, limit) : undefined,
  });
}
