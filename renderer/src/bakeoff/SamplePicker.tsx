import { useState } from 'react';
import type { PhotoSummary } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { UserText } from '../text/UserText';
import './bakeoff.css';
import { pickAll, pickCountWords, togglePick, type Picks } from './samplePicks';

/** How many photos a search or folder shows to pick from at once. */
const SHOWN = 60;

/**
 * Choosing the bake-off's samples by hand: search the catalogue or open a folder, then click thumbnails to
 * pick (or "Pick all shown"); the count says how many are chosen.
 */
export function SamplePicker({ picks, onPicks }: { picks: Picks; onPicks: (picks: Picks) => void }) {
  const client = useClient();
  const folders = useApiQuery('folders.list', {}).data ?? [];
  const [text, setText] = useState('');
  const [folderId, setFolderId] = useState<number | null>(null);
  const [shown, setShown] = useState<PhotoSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const show = async () => {
    setError(null);
    try {
      const page = await client.api['photos.search']({
        text: text.trim(),
        ...(folderId === null ? {} : { folderId }),
        limit: SHOWN,
      });
      setShown(page.items);
      setTotal(page.total);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="sample-picker" data-testid="bakeoff-picker">
      <div className="sample-picker-query">
        <input
          aria-label="Search the photos to pick from"
          data-testid="bakeoff-picker-search"
          placeholder="search, e.g. dog on a beach (empty: all)"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void show();
          }}
        />
        <select
          aria-label="Folder"
          data-testid="bakeoff-picker-folder"
          value={folderId ?? ''}
          onChange={(event) => setFolderId(event.target.value ? Number(event.target.value) : null)}
        >
          <option value="">All folders</option>
          {folders.map((folder) => (
            <option key={folder.id} value={folder.id}>
              {folder.path}
            </option>
          ))}
        </select>
        <button type="button" data-testid="bakeoff-picker-show" onClick={() => void show()}>
          Show photos
        </button>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <p className="muted">
        <span data-testid="bakeoff-picked-count">{pickCountWords(picks)}</span>
        {shown ? ` · showing ${shown.length} of ${total}` : ''}
        {shown && shown.length > 0 ? (
          <>
            {' '}
            <button
              type="button"
              className="link"
              data-testid="bakeoff-pick-all"
              onClick={() => onPicks(pickAll(picks, shown))}
            >
              Pick all shown
            </button>
          </>
        ) : null}
        {picks.size > 0 ? (
          <>
            {' '}
            <button
              type="button"
              className="link"
              data-testid="bakeoff-pick-clear"
              onClick={() => onPicks(new Map())}
            >
              Clear
            </button>
          </>
        ) : null}
      </p>
      {shown ? (
        <ul className="sample-grid">
          {shown.map((photo) => (
            <li key={photo.id}>
              <button
                type="button"
                className="sample-tile"
                data-testid="bakeoff-candidate"
                aria-pressed={picks.has(photo.id)}
                title={photo.fileName}
                onClick={() => onPicks(togglePick(picks, photo))}
              >
                <img src={client.imageUrl(photo.hash, 'thumb')} alt="" width={96} height={96} />
                <span className="sample-name">
                  <UserText text={photo.fileName} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
