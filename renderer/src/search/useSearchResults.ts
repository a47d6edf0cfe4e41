// Search results as one growing list: the first page on every new query, more pages as the grid scrolls,
// and a whole-list refresh when the catalogue changes. A generation counter drops answers to old queries.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchQuery, PhotoSummary, SearchUnderstanding } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';

export const PAGE_SIZE = 120;
const MAX_LIMIT = 500;

export interface SearchResults {
  items: PhotoSummary[];
  total: number;
  /** How the search read the query (text searches and date phrases), from its first page. */
  understood: SearchUnderstanding | null;
  loading: boolean;
  error: string | null;
  /** True once the current query has answered at least once. */
  settled: boolean;
  /** The text of the query the current items answer (what a test or a benchmark waits for). */
  answeredText: string | null;
  loadMore(): void;
  refresh(): void;
}

export function useSearchResults(query: Omit<SearchQuery, 'offset' | 'limit'>): SearchResults {
  const client = useClient();
  const queryKey = JSON.stringify(query);
  const [items, setItems] = useState<PhotoSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [understood, setUnderstood] = useState<SearchUnderstanding | null>(null);
  // The query the current items answer; while it differs from queryKey a first page is on its way.
  const [answeredKey, setAnsweredKey] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const state = useRef({ count: 0, total: 0 });

  const fetchFirst = useCallback(
    (limit: number) => {
      const mine = ++generation.current;
      const parsed = JSON.parse(queryKey) as SearchQuery;
      inFlight.current = true;
      client.api['photos.search']({ ...parsed, offset: 0, limit })
        .then(
          (page) => {
            if (mine !== generation.current) return;
            state.current = { count: page.items.length, total: page.total };
            setItems(page.items);
            setTotal(page.total);
            setUnderstood(page.understood ?? null);
            setError(null);
          },
          (e: unknown) => {
            if (mine === generation.current) setError(errorMessage(e));
          },
        )
        .finally(() => {
          if (mine !== generation.current) return;
          inFlight.current = false;
          setLoadingMore(false);
          setAnsweredKey(queryKey);
        });
    },
    [client, queryKey],
  );

  useEffect(() => {
    fetchFirst(PAGE_SIZE);
  }, [fetchFirst]);

  const loadMore = useCallback(() => {
    const { count, total: known } = state.current;
    if (inFlight.current || count >= known) return;
    const mine = generation.current;
    const parsed = JSON.parse(queryKey) as SearchQuery;
    inFlight.current = true;
    setLoadingMore(true);
    client.api['photos.search']({ ...parsed, offset: count, limit: PAGE_SIZE })
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((current) => {
            // Photos may have shifted between pages; never show one twice.
            const seen = new Set(current.map((item) => item.id));
            const next = [...current, ...page.items.filter((item) => !seen.has(item.id))];
            state.current = { count: next.length, total: page.total };
            return next;
          });
          setTotal(page.total);
        },
        (e: unknown) => {
          if (mine === generation.current) setError(errorMessage(e));
        },
      )
      .finally(() => {
        if (mine !== generation.current) return;
        inFlight.current = false;
        setLoadingMore(false);
      });
  }, [client, queryKey]);

  const refresh = useCallback(() => {
    fetchFirst(Math.min(MAX_LIMIT, Math.max(PAGE_SIZE, state.current.count)));
  }, [fetchFirst]);

  const settled = answeredKey === queryKey;
  const answeredText = answeredKey === null ? null : (JSON.parse(answeredKey) as SearchQuery).text;
  return {
    items,
    total,
    understood,
    loading: !settled || loadingMore,
    error,
    settled,
    answeredText,
    loadMore,
    refresh,
  };
}
