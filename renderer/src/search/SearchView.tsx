import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PhotoSummary } from '../../../shared/types';
import { useEvent } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { throttle } from '../app/throttle';
import { ResultGrid } from './ResultGrid';
import { ResultCount, UnderstoodLine } from './SearchUnderstanding';
import { useSearchResults } from './useSearchResults';
import { isolateText } from '../text/bidi';
import './search.css';

interface Props {
  /** Changes whenever "/" asks for the search box. */
  focusRequest: number;
  active: boolean;
  onOpen(items: PhotoSummary[], index: number): void;
}

// A search answers in milliseconds, so every key searches at once; answers to older text are dropped.
const REFRESH_THROTTLE_MS = 2000;
const DEFAULT_READING = { exact: false, readDates: true, weaker: false };
type Reading = typeof DEFAULT_READING & { forText: string };

export function SearchView({ focusRequest, active, onOpen }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [folderId, setFolderId] = useState<number | undefined>(undefined);
  const [takenFrom, setTakenFrom] = useState('');
  const [takenTo, setTakenTo] = useState('');
  const [tag, setTag] = useState('');
  // The filters' choices, fresh each time the page is shown.
  const foldersQuery = useApiQuery('folders.list', {}, { enabled: active });
  const folders = foldersQuery.data ?? [];
  const tags = useApiQuery('tags.list', { limit: 300 }, { enabled: active }).data ?? [];
  const [country, setCountry] = useState('');
  const places = useApiQuery('places.list', {}, { enabled: active }).data ?? [];
  const [gridFocusSignal, setGridFocusSignal] = useState(0);
  // How to read the text (exact words, no date, weaker matches too) belongs to the text it was chosen for.
  const [reading, setReading] = useState<Reading>({ forText: '', ...DEFAULT_READING });
  const { exact, readDates, weaker } = reading.forText === text ? reading : DEFAULT_READING;
  const read = (change: Partial<typeof DEFAULT_READING>) =>
    setReading({ forText: text, exact, readDates, weaker, ...change });
  const query = useMemo(
    () => ({
      text: text.trim(),
      folderId,
      takenFrom: takenFrom || undefined,
      takenTo: takenTo || undefined,
      tag: tag || undefined,
      country: country || undefined,
      exact: exact || undefined,
      readDates: readDates ? undefined : false,
      weaker: weaker || undefined,
    }),
    [text, folderId, takenFrom, takenTo, tag, country, exact, readDates, weaker],
  );
  const results = useSearchResults(query);

  useEvent('folders.changed', foldersQuery.setData);

  const { refresh } = results;
  const throttledRefresh = useMemo(() => throttle(refresh, REFRESH_THROTTLE_MS), [refresh]);
  useEffect(() => () => throttledRefresh.cancel(), [throttledRefresh]);
  useEvent('photos.changed', () => throttledRefresh());

  useEffect(() => {
    if (focusRequest > 0 && active) {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [focusRequest, active]);

  const onInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && results.items.length > 0) {
      event.preventDefault();
      setGridFocusSignal((n) => n + 1);
    } else if (event.key === 'Enter' && results.items[0]) {
      // Enter in the box goes to the results, so the keyboard user can move on with arrows.
      event.preventDefault();
      setGridFocusSignal((n) => n + 1);
    }
  };

  const resultItems = results.items;
  const openResult = useCallback((index: number) => onOpen(resultItems, index), [onOpen, resultItems]);

  const filtered = folderId !== undefined || takenFrom || takenTo || tag || country;
  const clearFilters = () => {
    setFolderId(undefined);
    setTakenFrom('');
    setTakenTo('');
    setTag('');
    setCountry('');
  };

  return (
    <div className="view search-view" data-answered-text={results.answeredText ?? undefined}>
      <div className="search-bar">
        <label htmlFor="search-input" className="visually-hidden">
          Search captions and tags
        </label>
        <input
          id="search-input"
          ref={inputRef}
          data-testid="search-input"
          type="search"
          placeholder="Search your photos — e.g. “dog on a beach”   ( / )"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onInputKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="filters" role="group" aria-label="Filters">
        <label>
          <span>Folder</span>
          <select
            value={folderId ?? ''}
            onChange={(event) => setFolderId(event.target.value ? Number(event.target.value) : undefined)}
          >
            <option value="">All folders</option>
            {folders.map((folder) => (
              <option key={folder.id} value={folder.id}>
                {isolateText(folder.path, 'name')}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Taken from</span>
          <input type="date" value={takenFrom} onChange={(event) => setTakenFrom(event.target.value)} />
        </label>
        <label>
          <span>to</span>
          <input type="date" value={takenTo} onChange={(event) => setTakenTo(event.target.value)} />
        </label>
        <label>
          <span>Tag</span>
          <select value={tag} onChange={(event) => setTag(event.target.value)}>
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {isolateText(t.tag)} ({t.count})
              </option>
            ))}
          </select>
        </label>
        {places.length > 0 ? (
          <label>
            <span>Place</span>
            <select
              data-testid="place-filter"
              value={country}
              onChange={(event) => setCountry(event.target.value)}
            >
              <option value="">Anywhere</option>
              {places.map((place) => (
                <option key={place.countryCode} value={place.countryCode}>
                  {place.country} ({place.count})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {filtered ? (
          <button type="button" className="link" onClick={clearFilters}>
            Clear filters
          </button>
        ) : null}
        <span className="result-count" data-testid="result-count" aria-live="polite">
          <ResultCount
            understood={results.understood}
            total={results.total}
            weaker={weaker}
            onShowWeaker={() => read({ weaker: true })}
          />
          {results.loading ? <span className="spinner" aria-label="Loading" /> : null}
        </span>
      </div>
      <UnderstoodLine
        understood={results.settled ? results.understood : null}
        exact={exact}
        onExact={(value) => read({ exact: value })}
        onRemoveDate={() => read({ readDates: false })}
      />
      {results.error ? (
        <p className="error" role="alert">
          {results.error}
        </p>
      ) : null}
      {results.settled && results.items.length === 0 && !results.error ? (
        <div className="empty">
          {query.text || filtered ? (
            <p>
              No photos match{query.text ? ` “${query.text}”` : ''}
              {filtered ? ' with these filters' : ''}.
            </p>
          ) : (
            <p>No photos yet. Add a folder in Library; photos appear here as they are catalogued.</p>
          )}
        </div>
      ) : null}
      <ResultGrid
        items={results.items}
        hasMore={results.items.length < results.total}
        onLoadMore={results.loadMore}
        onOpen={openResult}
        focusSignal={gridFocusSignal}
        answers={results.answeredText}
      />
    </div>
  );
}
