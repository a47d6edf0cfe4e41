import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useEvent } from '../app/clientContext';
import { useApiQuery, useQuery } from '../app/useApiQuery';
import { describeProvenance, STATE_LABEL } from './reviewText';
import { byPhotoAction, moveTagFocus, REVIEW_KEYS, stepIndex, type ByPhotoAction } from './reviewKeys';
import { keyPressOf } from '../app/keyPress';
import { LIMITS } from '../../../shared/contract';
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
  // The queue is first asked for when the page is first shown, and then only when asked to (Reload queue).
  const [opened, setOpened] = useState(active);
  if (active && !opened) setOpened(true);
  const [index, setIndex] = useState(0);
  // Photos with unreviewed suggestions: from the queue, then from each photo's fetch, whichever came last.
  const [pending, setPending] = useState(0);
  const queue = useApiQuery(
    'review.queue',
    { limit: QUEUE_PAGE },
    {
      enabled: opened,
      onData: (page) => {
        setIndex(0);
        setPending(page.total);
      },
    },
  );
  const items = queue.data?.items ?? null;
  // Drafts and the focused tag belong to one photo: stepping to another leaves them behind.
  const [focus, setFocus] = useState<{ id: number; index: number } | null>(null);
  const [captionEdit, setCaptionEdit] = useState<{ id: number; text: string } | null>(null);
  const [tagEdit, setTagEdit] = useState<{ id: number; text: string } | null>(null);
  const current = items?.[index];
  const currentId = current?.id;
  const shown = useQuery(
    currentId === undefined ? null : `review.photo ${currentId}`,
    async (c) => {
      const id = currentId!;
      const [detail, page] = await Promise.all([
        c.api['photos.get']({ id }),
        c.api['review.queue']({ limit: 1 }),
      ]);
      return { id, detail, pending: page.total };
    },
    { onData: (result) => setPending(result.pending) },
  );
  const photo = shown.data?.detail ?? null;
  // A failed reload after an action leaves the photo up (the action's notice says what failed).
  const loadError = queue.error ?? (shown.data === undefined ? shown.error : null);
  const vocabulary =
    useApiQuery(
      'tags.list',
      { limit: 1000 },
      { enabled: active, refetchOn: ['photos.changed'], throttleMs: 1000 },
    ).data ?? [];
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

  const { refetch: loadQueue } = queue;
  const { refetch: reloadPhoto } = shown;
  const { notice, done, failed, undo } = useUndo(() => void reloadPhoto());

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
    (delta: number) => setIndex((i) => stepIndex(i, delta, items?.length ?? 1)),
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
      const action = byPhotoAction(keyPressOf(event));
      if (!action) return;
      event.preventDefault();
      const actions: Record<ByPhotoAction, () => void> = {
        next: () => step(1),
        previous: () => step(-1),
        acceptAll,
        editCaption: () => setCaptionDraft(photo?.caption ?? ''),
        rejectFocused,
        addTag: () => setTagDraft(''),
        undo: () => void undo(),
        focusNextTag: () => setFocusedTag((i) => moveTagFocus(i, 1, visibleTags.length)),
        focusPreviousTag: () => setFocusedTag((i) => moveTagFocus(i, -1, visibleTags.length)),
      };
      actions[action]();
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
