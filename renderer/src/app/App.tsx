import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhotoSummary, ScanProgress } from '../../../shared/types';
import { useEvent } from './clientContext';
import { useApiQuery } from './useApiQuery';
import { useQueueStatus } from './useQueueStatus';
import { keyPressOf } from './keyPress';
import { LibraryView } from '../library/LibraryView';
import { PhotoView } from '../photo/PhotoView';
import { SearchView } from '../search/SearchView';
import { SettingsView } from '../settings/SettingsView';
import { StatusBar } from './StatusBar';
import { ApprovalBanner } from '../spend/ApprovalBanner';
import { CapBanner } from '../spend/CapBanner';
import { SpendView } from '../spend/SpendView';
import { BakeoffView } from '../bakeoff/BakeoffView';
import { ReviewView } from '../review/ReviewView';
import { VocabularyView } from '../vocabulary/VocabularyView';
import { ExportView } from '../export/ExportView';
import { useReviewCount } from '../review/useReviewCount';
import './app.css';

type ViewName = 'library' | 'search' | 'review' | 'tags' | 'export' | 'spend' | 'bakeoff' | 'settings';

const NAV: { view: ViewName; label: string }[] = [
  { view: 'search', label: 'Search' },
  { view: 'review', label: 'Review' },
  { view: 'tags', label: 'Tags' },
  { view: 'library', label: 'Library' },
  { view: 'export', label: 'Export' },
  { view: 'spend', label: 'Spend' },
  { view: 'bakeoff', label: 'Bake-off' },
  { view: 'settings', label: 'Settings' },
];

export function App() {
  const [view, setView] = useState<ViewName>('search');
  const infoQuery = useApiQuery('app.info', {});
  const info = infoQuery.data ?? null;
  // The results as they were when a photo was opened, so arrow keys can step through them.
  const [openPhoto, setOpenPhoto] = useState<{ items: PhotoSummary[]; index: number } | null>(null);
  const userNavigated = useRef(false);
  const [searchFocusRequest, setSearchFocusRequest] = useState(0);
  const [queue, setQueue] = useQueueStatus();
  const [scans, setScans] = useState<Map<number, ScanProgress>>(() => new Map());

  useEffect(() => {
    if (infoQuery.error) console.error('app.info failed', infoQuery.error);
  }, [infoQuery.error]);
  // On first run there is nothing to search yet: start where folders are added.
  useApiQuery(
    'folders.list',
    {},
    {
      onData: (folders) => {
        if (folders.length === 0 && !userNavigated.current) setView('library');
      },
    },
  );

  useEvent('scan.progress', (progress) => {
    setScans((current) => new Map(current).set(progress.folderId, progress));
  });

  // "/" jumps to the search box from anywhere except while typing or in a dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const press = keyPressOf(event);
      if (press.key !== '/' || press.ctrlKey || press.metaKey || press.altKey) return;
      if (press.inTextEntry || press.modalOpen) return;
      event.preventDefault();
      userNavigated.current = true;
      setView('search');
      setSearchFocusRequest((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const closePhoto = useCallback(() => setOpenPhoto(null), []);
  const openFromResults = useCallback(
    (items: PhotoSummary[], index: number) => setOpenPhoto({ items, index }),
    [],
  );
  const step = useCallback(
    (delta: number) =>
      setOpenPhoto((current) => {
        if (!current) return current;
        const index = current.index + delta;
        return index >= 0 && index < current.items.length ? { ...current, index } : current;
      }),
    [],
  );
  const showPrevious = useCallback(() => step(-1), [step]);
  const showNext = useCallback(() => step(1), [step]);
  const openSummary = openPhoto ? openPhoto.items[openPhoto.index] : undefined;
  const openSettings = useCallback(() => setView('settings'), []);
  const openSpend = useCallback(() => setView('spend'), []);
  const reviewCount = useReviewCount();
  const [tagRequest, setTagRequest] = useState<{ tag: string } | null>(null);
  const reviewTag = useCallback((tag: string) => {
    setTagRequest({ tag });
    setView('review');
  }, []);

  return (
    <div className="app">
      <header className="top-bar">
        <div className="brand" aria-label="Shoebox">
          <span className="brand-mark" aria-hidden="true" />
          Shoebox
        </div>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <button
              key={item.view}
              type="button"
              data-testid={`nav-${item.view}`}
              className={view === item.view ? 'nav-item is-active' : 'nav-item'}
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => {
                userNavigated.current = true;
                setView(item.view);
              }}
            >
              {item.label}
              {item.view === 'review' && reviewCount ? (
                <span
                  className="nav-badge"
                  data-testid="review-count"
                  aria-label={`${reviewCount} to review`}
                >
                  {reviewCount.toLocaleString('en-US')}
                </span>
              ) : null}
            </button>
          ))}
        </nav>
        {info?.mode === 'browser' ? <span className="muted mode">browser mode</span> : null}
      </header>
      <CapBanner queue={queue} onOpenSpend={openSpend} />
      <ApprovalBanner
        queue={queue}
        scanning={[...scans.values()].some((scan) => scan.phase === 'scanning')}
        onQueueStatus={setQueue}
        onOpenSettings={openSettings}
      />
      {/* Views stay mounted so the query, scroll position and filters survive switching tabs. */}
      <main className="content">
        <div hidden={view !== 'search'} className="view-slot">
          <SearchView active={view === 'search'} focusRequest={searchFocusRequest} onOpen={openFromResults} />
        </div>
        <div hidden={view !== 'review'} className="view-slot">
          <ReviewView active={view === 'review'} tagRequest={tagRequest} />
        </div>
        <div hidden={view !== 'tags'} className="view-slot">
          <VocabularyView active={view === 'tags'} onReviewTag={reviewTag} />
        </div>
        <div hidden={view !== 'export'} className="view-slot">
          <ExportView active={view === 'export'} />
        </div>
        <div hidden={view !== 'library'} className="view-slot">
          <LibraryView
            info={info}
            queue={queue}
            scans={scans}
            onQueueStatus={setQueue}
            onOpenSettings={openSettings}
          />
        </div>
        <div hidden={view !== 'spend'} className="view-slot">
          <SpendView active={view === 'spend'} />
        </div>
        <div hidden={view !== 'bakeoff'} className="view-slot">
          <BakeoffView active={view === 'bakeoff'} />
        </div>
        <div hidden={view !== 'settings'} className="view-slot">
          <SettingsView active={view === 'settings'} />
        </div>
      </main>
      <StatusBar queue={queue} scans={[...scans.values()]} />
      {openPhoto && openSummary ? (
        <PhotoView
          summary={openSummary}
          info={info}
          onClose={closePhoto}
          onPrevious={openPhoto.index > 0 ? showPrevious : undefined}
          onNext={openPhoto.index < openPhoto.items.length - 1 ? showNext : undefined}
        />
      ) : null}
    </div>
  );
}
