import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LIMITS } from '../../../shared/contract';
import type { PhotoDetail, PhotoSummary, TagCount } from '../../../shared/types';
import { errorMessage, useClient, useEvent } from '../app/clientContext';
import { isTextEntry } from '../app/isTextEntry';
import { describeProvenance, REVIEW_KEYS, STATE_LABEL } from './reviewText';
import { useUndo } from './useUndo';
import { BurstLine } from './BurstLine';
import { isolateText, revealBidiControls } from '../text/bidi';
import { NameText, UserText } from '../text/UserText';

const QUEUE_PAGE = 200;

/**
 * Review by photo: one photo at a time with its caption and tags, keyboard first. The list is a snapshot
 * taken when the page opens, so reviewed photos stay reachable with K (and U) until it is reloaded.
 */
export function ReviewByPhoto({ active }: { active: boolean }) {
  const client = useClient();
  const [items, setItems] = useState<PhotoSummary[] | null>(null);
  const [pending, setPending] = useState(0);
  const [index, setIndex] = useState(0);
  const [loaded, setLoaded] = useState<{ id: number; detail: PhotoDetail | null } | null>(null);
  // Drafts and the focused tag belong to one photo: stepping to another leaves them behind.
  const [focus, setFocus] = useState<{ id: number; index: number } | null>(null);
  const [captionEdit, setCaptionEdit] = useState<{ id: number; text: string } | null>(null);
  const [tagEdit, setTagEdit] = useState<{ id: number; text: string } | null>(null);
  const [vocabulary, setVocabulary] = useState<TagCount[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const current = items?.[index];
  const currentId = current?.id;
  const photo = loaded !== null && loaded.id === currentId ? loaded.detail : null;
  const focusedTag = focus !== null && focus.id === currentId ? focus.index : 0;
  const captionDraft = captionEdit !== null && captionEdit.id === currentId ? captionEdit.text : null;
  const tagDraft = tagEdit !== null && tagEdit.id === currentId ? tagEdit.text : null;
  const setCaptionDraft = useCallback(
    (text: string | null) =>
      setCaptionEdit(text === null || currentId === undefined ? null : { id: currentId, text }),
    [currentId],
  );
  const setTagDraft = useCallback(
    (text: string | null) =>
      setTagEdit(text === null || currentId === undefined ? null : { id: currentId, text }),
    [currentId],
  );
  const setFocusedTag = useCallback(
    (next: (index: number) => number) =>
      setFocus((f) => ({ id: currentId ?? 0, index: next(f !== null && f.id === currentId ? f.index : 0) })),
    [currentId],
  );

  const applyQueue = useCallback((page: { items: PhotoSummary[]; total: number }) => {
    setItems(page.items);
    setPending(page.total);
    setIndex(0);
    setLoadError(null);
  }, []);
  const loadQueue = useCallback(async () => {
    try {
      applyQueue(await client.api['review.queue']({ limit: QUEUE_PAGE }));
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [client, applyQueue]);

  const fetchPhoto = useCallback(
    async (id: number) => {
      const [detail, page] = await Promise.all([
        client.api['photos.get']({ id }),
        client.api['review.queue']({ limit: 1 }),
      ]);
      return { id, detail, pending: page.total };
    },
    [client],
  );
  const showPhoto = useCallback((result: { id: number; detail: PhotoDetail | null; pending: number }) => {
    setLoaded({ id: result.id, detail: result.detail });
    setPending(result.pending);
  }, []);
  const reloadPhoto = useCallback(async () => {
    if (currentId !== undefined) showPhoto(await fetchPhoto(currentId));
  }, [currentId, fetchPhoto, showPhoto]);

  const { notice, done, failed, undo } = useUndo(() => void reloadPhoto());

  useEffect(() => {
    if (!active || items !== null) return;
    client.api['review.queue']({ limit: QUEUE_PAGE }).then(applyQueue, (error: unknown) =>
      setLoadError(errorMessage(error)),
    );
  }, [active, items, client, applyQueue]);
  useEffect(() => {
    if (currentId === undefined) return;
    let cancelled = false;
    fetchPhoto(currentId).then(
      (result) => !cancelled && showPhoto(result),
      (error: unknown) => !cancelled && setLoadError(errorMessage(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [currentId, fetchPhoto, showPhoto]);
  useEffect(() => {
    if (active) client.api['tags.list']({ limit: 1000 }).then(setVocabulary, () => undefined);
  }, [active, client, photo]);
  // New captions may arrive while the queue is empty.
  useEvent('photos.changed', () => {
    if (active && items !== null && items.length === 0) void loadQueue();
  });

  const visibleTags = useMemo(() => photo?.tagEntries ?? [], [photo]);
  const act = useCallback(
    async (run: () => Promise<{ label: string }>, after?: () => void) => {
      try {
        const outcome = await run();
        done(outcome.label);
        await reloadPhoto();
        after?.();
      } catch (error) {
        failed(error);
      }
    },
    [done, failed, reloadPhoto],
  );

  const step = useCallback(
    (delta: number) =>
      setIndex((i) => Math.min(Math.max(i + delta, 0), Math.max((items?.length ?? 1) - 1, 0))),
    [items],
  );
  const acceptAll = useCallback(() => {
    if (currentId === undefined) return;
    void act(
      () => client.api['review.acceptAll']({ photoId: currentId }),
      () => step(1),
    );
  }, [act, client, currentId, step]);
  const rejectFocused = useCallback(() => {
    const entry = visibleTags[focusedTag];
    if (currentId === undefined || !entry) return;
    void act(() => client.api['review.setTag']({ photoId: currentId, tag: entry.tag, state: 'rejected' }));
  }, [act, client, currentId, focusedTag, visibleTags]);

  const saveCaption = () => {
    if (currentId === undefined || captionDraft === null) return;
    const caption = captionDraft;
    setCaptionDraft(null);
    void act(() => client.api['review.editCaption']({ photoId: currentId, caption }));
  };
  const saveTag = () => {
    if (currentId === undefined || tagDraft === null) return;
    const tag = tagDraft.trim();
    setTagDraft(null);
    if (tag) void act(() => client.api['review.addTag']({ photoId: currentId, tag }));
  };

  const captionRef = useRef<HTMLTextAreaElement>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  const editingCaption = captionDraft !== null;
  const addingTag = tagDraft !== null;
  useEffect(() => {
    if (editingCaption) captionRef.current?.focus();
  }, [editingCaption]);
  useEffect(() => {
    if (addingTag) tagRef.current?.focus();
  }, [addingTag]);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      if (document.querySelector('.overlay, .dialog-backdrop')) return;
      const key = event.key.toLowerCase();
      const actions: Record<string, () => void> = {
        j: () => step(1),
        k: () => step(-1),
        a: acceptAll,
        e: () => setCaptionDraft(photo?.caption ?? ''),
        x: rejectFocused,
        t: () => setTagDraft(''),
        u: () => void undo(),
        arrowright: () => setFocusedTag((i) => Math.min(i + 1, Math.max(visibleTags.length - 1, 0))),
        arrowleft: () => setFocusedTag((i) => Math.max(i - 1, 0)),
      };
      const action = actions[key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [
    active,
    step,
    acceptAll,
    rejectFocused,
    undo,
    photo,
    visibleTags.length,
    setCaptionDraft,
    setTagDraft,
    setFocusedTag,
  ]);

  if (loadError) return <p className="error">{loadError}</p>;
  if (items === null) return <p className="muted">Loading…</p>;
  if (items.length === 0) {
    return (
      <div className="empty-state" data-testid="review-empty">
        <p>Nothing to review: every caption and tag has been looked at.</p>
        <button type="button" onClick={() => void loadQueue()}>
          Check again
        </button>
      </div>
    );
  }

  return (
    <div className="review-photo" data-testid="review-by-photo">
      <div className="review-image">
        {current ? (
          <img src={client.imageUrl(current.hash, 'preview')} alt={photo?.caption ?? current.fileName} />
        ) : null}
      </div>
      <aside className="review-side">
        <p className="muted" data-testid="review-position">
          Photo {index + 1} of {items.length} · {pending.toLocaleString('en-US')} with unreviewed suggestions
        </p>
        <h2 className="photo-title" title={current ? revealBidiControls(current.fileName) : undefined}>
          {current ? <NameText text={current.fileName} /> : null}
        </h2>
        {photo ? (
          <>
            {captionDraft !== null ? (
              <div className="caption-edit">
                <textarea
                  ref={captionRef}
                  data-testid="caption-editor"
                  maxLength={LIMITS.captionChars}
                  aria-label="Caption"
                  value={captionDraft}
                  rows={4}
                  onChange={(event) => setCaptionDraft(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && !event.shiftKey) {
                      event.preventDefault();
                      saveCaption();
                    } else if (event.key === 'Escape') {
                      event.preventDefault();
                      setCaptionDraft(null);
                    }
                  }}
                />
                <span className="muted">Enter saves · Esc cancels</span>
              </div>
            ) : (
              <p className="photo-caption" data-testid="review-caption">
                {photo.caption ? (
                  <UserText text={photo.caption} />
                ) : (
                  <span className="muted">No caption yet</span>
                )}
                {photo.captionEntry ? (
                  <span
                    className={`state-badge state-${photo.captionEntry.state}`}
                    data-testid="review-caption-state"
                    title={describeProvenance(photo.captionEntry)}
                  >
                    {STATE_LABEL[photo.captionEntry.state]}
                  </span>
                ) : null}
              </p>
            )}
            {photo.burst ? (
              <BurstLine
                burst={photo.burst}
                onSeparate={() =>
                  void client.api['photos.captionSeparately']({ id: photo.id }).then(
                    () => reloadPhoto(),
                    (error: unknown) => failed(error),
                  )
                }
              />
            ) : photo.captionEntry ? (
              <p className="muted provenance">From {describeProvenance(photo.captionEntry)}</p>
            ) : null}
            {photo.captionSuggestion ? (
              <p className="caption-suggestion">
                <span className="muted">The model now suggests:</span>{' '}
                <UserText text={photo.captionSuggestion} />{' '}
                <button
                  type="button"
                  onClick={() =>
                    void act(() => client.api['review.useSuggestedCaption']({ photoId: photo.id }))
                  }
                >
                  Use it
                </button>
              </p>
            ) : null}
            <ul className="tag-list review-tags" aria-label="Tags">
              {visibleTags.map((entry, i) => (
                <li
                  key={entry.tag}
                  className={`tag state-${entry.state}${i === focusedTag ? ' is-focused' : ''}`}
                  data-testid="review-tag"
                  data-state={entry.state}
                  title={`${STATE_LABEL[entry.state]} · ${describeProvenance(entry)}`}
                  onClick={() => setFocusedTag(() => i)}
                >
                  <UserText text={entry.tag} />
                  {entry.state !== 'rejected' ? (
                    <button
                      type="button"
                      className="tag-reject"
                      aria-label={`Reject ${isolateText(entry.tag)}`}
                      onClick={() =>
                        void act(() =>
                          client.api['review.setTag']({
                            photoId: photo.id,
                            tag: entry.tag,
                            state: 'rejected',
                          }),
                        )
                      }
                    >
                      ×
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
            {tagDraft !== null ? (
              <div className="tag-add">
                <input
                  ref={tagRef}
                  data-testid="tag-input"
                  maxLength={LIMITS.tagChars}
                  aria-label="New tag"
                  list="review-vocabulary"
                  value={tagDraft}
                  onChange={(event) => setTagDraft(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      saveTag();
                    } else if (event.key === 'Escape') {
                      event.preventDefault();
                      setTagDraft(null);
                    }
                  }}
                />
                <datalist id="review-vocabulary">
                  {vocabulary.map((t) => (
                    <option key={t.tag} value={t.tag} />
                  ))}
                </datalist>
              </div>
            ) : null}
            <div className="review-actions">
              <button type="button" className="primary" data-testid="accept-all" onClick={acceptAll}>
                Accept all (A)
              </button>
              <button type="button" onClick={() => setCaptionDraft(photo.caption ?? '')}>
                Edit caption (E)
              </button>
              <button type="button" onClick={() => setTagDraft('')}>
                Add tag (T)
              </button>
              <button type="button" data-testid="undo" onClick={() => void undo()}>
                Undo (U)
              </button>
              <button type="button" onClick={() => void loadQueue()}>
                Reload queue
              </button>
            </div>
          </>
        ) : null}
        {notice ? (
          <p
            className={notice.kind === 'error' ? 'error' : 'notice'}
            role="status"
            data-testid="review-notice"
          >
            {notice.text}
            {notice.kind === 'done' ? <span className="muted"> · U to undo</span> : null}
          </p>
        ) : null}
        <dl className="key-legend" aria-label="Keyboard">
          {REVIEW_KEYS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </aside>
    </div>
  );
}
