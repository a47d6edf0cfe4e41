import { useRef, useState } from 'react';
import type { AppInfo, PhotoDetail, PhotoSummary } from '../../../shared/types';
import { errorMessage, useClient, useEvent } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { Dialog } from '../app/Dialog';
import { formatBytes, formatCoordinate, formatTaken } from './format';
import { describeProvenance, STATE_LABEL } from '../review/reviewText';
import { revealBidiControls } from '../text/bidi';
import { NameText, UserText } from '../text/UserText';
import { placeLine } from '../search/placeLine';
import './photo.css';

interface Props {
  /** What the grid already knows, so the preview starts loading before the details arrive. */
  summary: PhotoSummary;
  info: AppInfo | null;
  onClose(): void;
  /** Absent at either end of the result list. */
  onPrevious?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
}

const STATUS_TEXT: Record<PhotoDetail['status'], string> = {
  queued: 'Waiting for a caption',
  running: 'Captioning…',
  done: 'Captioned',
  failed: 'Captioning failed',
  refused: 'The provider refused to caption this photo',
};

export function PhotoView({ summary, info, onClose, onPrevious, onNext }: Props) {
  const client = useClient();
  const id = summary.id;
  const [revealMessage, setRevealMessage] = useState<{ id: number; text: string } | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  // Keyed by id, so details of another photo (the one before an arrow key) are never shown for this one.
  const details = useApiQuery('photos.get', { id });
  const photo = details.data;
  const error = photo === undefined ? details.error : null;
  // A caption may arrive while the photo is open.
  useEvent('photos.changed', () => {
    if (photo && photo.status !== 'done') void details.refetch();
  });

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft' && onPrevious) {
      event.preventDefault();
      onPrevious();
    } else if (event.key === 'ArrowRight' && onNext) {
      event.preventDefault();
      onNext();
    }
  };

  const reveal = async () => {
    try {
      const result = await client.api['photos.showInFolder']({ id });
      setRevealMessage(
        result.shown ? null : { id, text: 'The file could not be shown (it may have moved).' },
      );
    } catch (e) {
      setRevealMessage({ id, text: errorMessage(e) });
    }
  };

  // Asking again never replaces the user's words: a new caption for an accepted one is kept aside.
  const recaption = async () => {
    try {
      await client.api['photos.recaption']({ id });
      setRevealMessage({ id, text: 'Asked for a new caption; what you accepted or wrote stays.' });
      await details.refetch();
    } catch (e) {
      setRevealMessage({ id, text: errorMessage(e) });
    }
  };

  const meta = photo?.metadata;
  const camera = [meta?.cameraMake, meta?.cameraModel].filter(Boolean).join(' ');
  const width = meta?.width ?? summary.width;
  const height = meta?.height ?? summary.height;

  return (
    // Focus moves into the dialog and back to where it came from when it closes.
    <Dialog
      kind="viewer"
      className="photo-view"
      testId="photo-view"
      label={revealBidiControls(summary.fileName)}
      initialFocus={closeRef}
      closeOnBackdrop
      onClose={onClose}
      onKey={onKey}
    >
      <button
        ref={closeRef}
        type="button"
        className="photo-close"
        data-testid="photo-close"
        aria-label="Close (Esc)"
        onClick={onClose}
      >
        ×
      </button>
      <div className="photo-image">
        <img
          key={summary.hash}
          src={client.imageUrl(summary.hash, 'preview')}
          alt={photo?.caption ?? summary.caption ?? summary.fileName}
        />
        {onPrevious ? (
          <button
            type="button"
            className="photo-step photo-previous"
            aria-label="Previous photo (←)"
            onClick={onPrevious}
          >
            ‹
          </button>
        ) : null}
        {onNext ? (
          <button
            type="button"
            className="photo-step photo-next"
            aria-label="Next photo (→)"
            onClick={onNext}
          >
            ›
          </button>
        ) : null}
      </div>
      <aside className="photo-details">
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : photo === undefined ? (
          <>
            <h2 className="photo-title" title={revealBidiControls(summary.fileName)}>
              <NameText text={summary.fileName} />
            </h2>
            {/* No test id until the details (tags included) have arrived, so the caption and tags appear together. */}
            <p className="photo-caption">
              {summary.caption ? <UserText text={summary.caption} /> : STATUS_TEXT[summary.status]}
            </p>
          </>
        ) : photo === null ? (
          <p className="error">This photo is no longer in the catalogue.</p>
        ) : (
          <>
            <h2 className="photo-title" title={revealBidiControls(photo.fileName)}>
              <NameText text={photo.fileName} />
            </h2>
            <p className="photo-caption" data-testid="photo-caption">
              {photo.caption ? <UserText text={photo.caption} /> : STATUS_TEXT[photo.status]}
            </p>
            {photo.error ? <p className="error">{photo.error}</p> : null}
            {photo.captionEntry ? (
              <p className="muted provenance">
                {STATE_LABEL[photo.captionEntry.state]} · {describeProvenance(photo.captionEntry)}
              </p>
            ) : null}
            {photo.tagEntries.some((t) => t.state !== 'rejected') ? (
              <ul className="tag-list" aria-label="Tags">
                {photo.tagEntries
                  .filter((t) => t.state !== 'rejected')
                  .map((t) => (
                    <li
                      key={t.tag}
                      className={`tag state-${t.state}`}
                      data-testid="photo-tag"
                      title={`${STATE_LABEL[t.state]} · ${describeProvenance(t)}`}
                    >
                      <UserText text={t.tag} />
                    </li>
                  ))}
              </ul>
            ) : null}
            <dl className="metadata">
              <dt>Taken</dt>
              <dd>{formatTaken(meta?.takenAt ?? photo.takenAt)}</dd>
              {camera ? (
                <>
                  <dt>Camera</dt>
                  <dd>{camera}</dd>
                </>
              ) : null}
              {meta?.lens ? (
                <>
                  <dt>Lens</dt>
                  <dd>{meta.lens}</dd>
                </>
              ) : null}
              {width && height ? (
                <>
                  <dt>Size</dt>
                  <dd>
                    {width} × {height}
                    {meta?.format ? ` · ${meta.format.toUpperCase()}` : ''}
                  </dd>
                </>
              ) : null}
              {photo.place ? (
                <>
                  <dt>Place</dt>
                  <dd data-testid="photo-place">{placeLine(photo.place)}</dd>
                </>
              ) : null}
              {meta?.gpsLatitude != null && meta.gpsLongitude != null ? (
                <>
                  <dt>Location</dt>
                  <dd>
                    {formatCoordinate(meta.gpsLatitude, 'N', 'S')},{' '}
                    {formatCoordinate(meta.gpsLongitude, 'E', 'W')}
                  </dd>
                </>
              ) : null}
              <dt>Caption</dt>
              <dd>
                {STATUS_TEXT[photo.status]}
                {photo.usage ? ` · ${photo.usage.model}` : ''}
              </dd>
            </dl>
            <h3>Files</h3>
            <ul className="locations">
              {photo.locations.map((location) => (
                <li key={location.path}>
                  <span className="location-path" title={revealBidiControls(location.path)}>
                    <NameText text={location.path} />
                  </span>
                  <span className="muted location-size">{formatBytes(location.size)}</span>
                </li>
              ))}
            </ul>
            <button type="button" data-testid="recaption" onClick={() => void recaption()}>
              Caption again
            </button>{' '}
            {info?.canShowInFolder && photo.locations.length > 0 ? (
              <button type="button" onClick={() => void reveal()}>
                Show in folder
              </button>
            ) : null}
            {revealMessage?.id === id ? <p className="error">{revealMessage.text}</p> : null}
          </>
        )}
      </aside>
    </Dialog>
  );
}
