// A virtualized grid: only the rows near the viewport exist in the DOM, so 200k results scroll like 20.
// Keyboard focus is a roving tabindex over cells; arrows move it (see gridNavigation.ts) and Enter opens.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PhotoSummary } from '../../../shared/types';
import { useClient } from '../app/clientContext';
import { columnsForWidth, moveGridFocus, rowCount } from './gridNavigation';
import { HighlightedText } from './HighlightedText';
import { ResultThumb, useSettled } from './ResultThumb';
import { revealBidiControls } from '../text/bidi';

const MIN_CELL_WIDTH = 190;
const GAP = 12;
const CAPTION_HEIGHT = 58;
const LOAD_AHEAD_ROWS = 4;
/** How long a new result list must stay before its thumbnails are asked for. */
const THUMBNAILS_AFTER_MS = 200;

interface Props {
  items: PhotoSummary[];
  hasMore: boolean;
  onLoadMore(): void;
  onOpen(index: number): void;
  /** Changes whenever the search box asks the grid to take keyboard focus. */
  focusSignal: number;
  /** The text the list answers: while it changes with every key, thumbnails wait even if the list does not. */
  answers?: string | null;
}

function placeholderCaption(item: PhotoSummary): string {
  switch (item.status) {
    case 'queued':
    case 'running':
      return 'Waiting for a caption…';
    case 'failed':
      return 'Caption failed';
    case 'refused':
      return 'The provider refused to caption this photo';
    default:
      return revealBidiControls(item.fileName);
  }
}

// Memoised: the search box re-renders its view on every key, and the grid only needs to when its list does.
export const ResultGrid = memo(function ResultGrid({
  items,
  hasMore,
  onLoadMore,
  onOpen,
  focusSignal,
  answers = null,
}: Props) {
  const client = useClient();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [focused, setFocused] = useState(-1);
  const focusAfterRender = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const columns = columnsForWidth(width, MIN_CELL_WIDTH, GAP);
  const cellWidth = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_CELL_WIDTH;
  const rowHeight = Math.round(cellWidth * 0.75) + CAPTION_HEIGHT;
  const rows = rowCount(items.length, columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight + GAP,
    overscan: 3,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  const virtualRows = virtualizer.getVirtualItems();
  const lastVisibleRow = virtualRows[virtualRows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && lastVisibleRow >= rows - LOAD_AHEAD_ROWS) onLoadMore();
  }, [hasMore, lastVisibleRow, rows, onLoadMore]);

  // A new result list starts with nothing focused.
  const firstId = items[0]?.id;
  // More pages keep the first photo; a new query brings a new one. "dog", "dog o", "dog on" may all answer
  // with the same photos: their thumbnails still wait until the typing pauses, or each key's search would
  // queue behind a screenful of images.
  const listSettled = useSettled(`${firstId ?? ''}\u0000${answers ?? ''}`, THUMBNAILS_AFTER_MS);
  useEffect(() => {
    setFocused(-1);
  }, [firstId]);

  const focusCell = (index: number): void => {
    setFocused(index);
    focusAfterRender.current = index;
    virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' });
  };

  useEffect(() => {
    if (focusSignal > 0 && items.length > 0) focusCell(Math.max(0, Math.min(focused, items.length - 1)));
    // Only a new signal should steal focus, not changes to the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusSignal]);

  // The target cell may only exist after the virtualizer has scrolled and re-rendered.
  useEffect(() => {
    const index = focusAfterRender.current;
    if (index === null) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (cell) {
      focusAfterRender.current = null;
      cell.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / (rowHeight + GAP)));
    const next = moveGridFocus(focused, event.key, columns, items.length, visibleRows);
    if (next === null) return;
    event.preventDefault();
    focusCell(next);
  };

  return (
    <div
      ref={scrollRef}
      className="result-scroll"
      role="grid"
      aria-label="Search results"
      aria-rowcount={rows}
      aria-colcount={columns}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualRows.map((row) => {
          const start = row.index * columns;
          const cells = items.slice(start, start + columns);
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="result-row"
              style={{
                transform: `translateY(${row.start}px)`,
                height: rowHeight,
                gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
                gap: GAP,
              }}
            >
              {cells.map((item, offset) => {
                const index = start + offset;
                const caption = item.captionHighlighted ?? item.caption;
                return (
                  <div role="gridcell" key={item.id} className="result-gridcell">
                    <button
                      type="button"
                      className={`result-cell${index === focused ? ' is-focused' : ''}`}
                      data-testid="result-cell"
                      data-photo-id={item.id}
                      data-index={index}
                      tabIndex={index === focused || (focused < 0 && index === 0) ? 0 : -1}
                      onFocus={() => setFocused(index)}
                      onClick={() => onOpen(index)}
                      title={revealBidiControls(item.fileName)}
                    >
                      <ResultThumb
                        src={client.imageUrl(item.hash, 'thumb')}
                        height={rowHeight - CAPTION_HEIGHT}
                        listSettled={listSettled}
                      />
                      <span className={`result-caption${caption ? '' : ' is-placeholder'}`}>
                        {caption ? (
                          <bdi>
                            <HighlightedText text={caption} />
                          </bdi>
                        ) : (
                          <bdi>{placeholderCaption(item)}</bdi>
                        )}
                      </span>
                    </button>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
});
