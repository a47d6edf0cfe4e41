import { useEffect, useRef, useState } from 'react';
import type { AppInfo, PhotoDetail } from '../../../shared/types';
import { errorMessage, useClient, useEvent } from '../app/clientContext';
import { formatBytes, formatCoordinate, formatTaken } from './format';

interface Props {
  id: number;
  info: AppInfo | null;
  onClose(): void;
}

const STATUS_TEXT: Record<PhotoDetail['status'], string> = {
  queued: 'Waiting for a caption',
  running: 'Captioning…',
  done: 'Captioned',
  failed: 'Captioning failed',
  refused: 'The provider refused to caption this photo',
};

export function PhotoView({ id, info, onClose }: Props) {
  const client = useClient();
  const [photo, setPhoto] = useState<PhotoDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [revealMessage, setRevealMessage] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let cancelled = false;
    client.api['photos.get']({ id }).then(
      (detail) => !cancelled && setPhoto(detail),
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, id]);

  // A caption may arrive while the photo is open.
  useEvent('photos.changed', () => {
    if (photo && photo.status !== 'done') {
      client.api['photos.get']({ id }).then(setPhoto, () => undefined);
    }
  });

  // Focus moves into the dialog and back to where it came from when it closes.
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const reveal = async () => {
    try {
      const result = await client.api['photos.showInFolder']({ id });
      setRevealMessage(result.shown ? null : 'The file could not be shown (it may have moved).');
    } catch (e) {
      setRevealMessage(errorMessage(e));
    }
  };

  const meta = photo?.metadata;
  const camera = [meta?.cameraMake, meta?.cameraModel].filter(Boolean).join(' ');
  const width = meta?.width ?? photo?.width ?? null;
  const height = meta?.height ?? photo?.height ?? null;

  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        className="photo-view"
        data-testid="photo-view"
        role="dialog"
        aria-modal="true"
        aria-label={photo ? photo.fileName : 'Photo'}
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
          {photo ? (
            <img src={client.imageUrl(photo.hash, 'preview')} alt={photo.caption ?? photo.fileName} />
          ) : null}
        </div>
        <aside className="photo-details">
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : photo === undefined ? (
            <p className="muted">Loading…</p>
          ) : photo === null ? (
            <p className="error">This photo is no longer in the catalogue.</p>
          ) : (
            <>
              <h2 className="photo-title" title={photo.fileName}>
                {photo.fileName}
              </h2>
              <p className="photo-caption" data-testid="photo-caption">
                {photo.caption ?? STATUS_TEXT[photo.status]}
              </p>
              {photo.error ? <p className="error">{photo.error}</p> : null}
              {photo.tags.length > 0 ? (
                <ul className="tag-list" aria-label="Tags">
                  {photo.tags.map((tag) => (
                    <li key={tag} className="tag" data-testid="photo-tag">
                      {tag}
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
                    <span className="location-path" title={location.path}>
                      {location.path}
                    </span>
                    <span className="muted location-size">{formatBytes(location.size)}</span>
                  </li>
                ))}
              </ul>
              {info?.canShowInFolder && photo.locations.length > 0 ? (
                <button type="button" onClick={() => void reveal()}>
                  Show in folder
                </button>
              ) : null}
              {revealMessage ? <p className="error">{revealMessage}</p> : null}
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
