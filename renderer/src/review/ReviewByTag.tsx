import { useCallback, useEffect, useMemo, useState } from 'react';
import type { TaggedPage } from '../../../shared/types';
import { useClient } from '../app/clientContext';
import { useApiQuery, useQuery } from '../app/useApiQuery';
import type { Client } from '../client/createClient';
import { STATE_LABEL } from './reviewText';
import { byTagAction } from './reviewKeys';
import { keyPressOf } from '../app/keyPress';
import { photos } from '../../../shared/labels';
import { useUndo } from './useUndo';
import { isolateText, revealBidiControls } from '../text/bidi';
import { UserText } from '../text/UserText';

const PAGE = 500;

/** Every photo with the tag, in pages the contract allows. */
async function fetchAllTagged(client: Client, tag: string): Promise<TaggedPage> {
  const first = await client.api['review.byTag']({ tag, limit: PAGE });
  const items = [...first.items];
  for (let offset = PAGE; offset < first.total; offset += PAGE) {
    items.push(...(await client.api['review.byTag']({ tag, offset, limit: PAGE })).items);
  }
  return { ...first, items };
}

/**
 * Review by tag: every photo carrying one tag as a grid. All are selected at first (rejected ones aside); the
 * user deselects the wrong ones and one click accepts the tag on the rest and rejects it on those.
 */
export function ReviewByTag({ active, initialTag }: { active: boolean; initialTag: string | null }) {
  const client = useClient();
  const [tag, setTag] = useState<string | null>(initialTag);
  const [draft, setDraft] = useState(initialTag ?? '');
  const [selected, setSelected] = useState<Set<number>>(() => new Set());
  const [busy, setBusy] = useState(false);

  const tagsQuery = useApiQuery('vocabulary.list', {}, { enabled: active });
  const tags = useMemo(
    () => [...(tagsQuery.data?.tags ?? [])].sort((a, b) => b.suggested - a.suggested || b.photos - a.photos),
    [tagsQuery.data],
  );
  // All photos are selected at first, rejected ones aside.
  const pageQuery = useQuery(
    tag ? `review.byTag ${JSON.stringify(tag)}` : null,
    (c) => fetchAllTagged(c, tag!),
    {
      onData: (loaded) =>
        setSelected(new Set(loaded.items.filter((p) => p.tagState !== 'rejected').map((p) => p.id))),
    },
  );
  const error = tagsQuery.error ?? pageQuery.error;
  const { refetch: refetchTags } = tagsQuery;
  const { refetch: refetchPage } = pageQuery;
  const reload = useCallback(() => {
    void refetchTags();
    void refetchPage();
  }, [refetchTags, refetchPage]);
  const { notice, done, failed, undo } = useUndo(reload);

  const [lastInitial, setLastInitial] = useState(initialTag);
  if (initialTag !== lastInitial) {
    setLastInitial(initialTag);
    if (initialTag) {
      setTag(initialTag);
      setDraft(initialTag);
    }
  }

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const action = byTagAction(keyPressOf(event));
      if (action !== 'undo') return;
      event.preventDefault();
      void undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, undo]);

  const page = pageQuery.data;
  const shownPage = tag && page?.tag === tag ? page : null;
  const items = shownPage?.items ?? [];
  const accept = items.filter(
    (p) => selected.has(p.id) && p.tagState !== 'accepted' && p.tagState !== 'user',
  );
  const reject = items.filter((p) => !selected.has(p.id) && p.tagState !== 'rejected');
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const apply = async () => {
    if (!tag) return;
    setBusy(true);
    try {
      const outcome = await client.api['review.bulkTag']({
        tag,
        accept: accept.map((p) => p.id),
        reject: reject.map((p) => p.id),
      });
      done(outcome.label);
      reload();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const rejectText =
    reject.length > 0 ? `${accept.length > 0 ? ', reject' : 'Reject'} on ${photos(reject.length)}` : null;
  // The tag is isolated in its own element, so its text direction cannot reorder the sentence.
  const actionText =
    accept.length === 0 && reject.length === 0 ? (
      'Nothing to change'
    ) : (
      <>
        {accept.length > 0 ? (
          <>
            Accept ‘<UserText text={tag ?? ''} />’ on {photos(accept.length)}
          </>
        ) : null}
        {rejectText}
      </>
    );

  return (
    <div className="review-tag" data-testid="review-by-tag">
      <form
        className="tag-picker"
        onSubmit={(event) => {
          event.preventDefault();
          setTag(draft.trim() || null);
        }}
      >
        <label>
          Tag{' '}
          <input
            data-testid="bytag-input"
            list="bytag-vocabulary"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="beach"
          />
        </label>
        <datalist id="bytag-vocabulary">
          {tags.map((t) => (
            <option key={t.tag} value={t.tag}>
              {`${t.photos} photos, ${t.suggested} to review`}
            </option>
          ))}
        </datalist>
        <button type="submit">Show photos</button>
      </form>
      {!tag ? (
        <ul className="tag-suggestions" aria-label="Tags with suggestions to review">
          {tags
            .filter((t) => t.suggested > 0)
            .slice(0, 40)
            .map((t) => (
              <li key={t.tag}>
                <button
                  type="button"
                  className="tag"
                  onClick={() => {
                    setDraft(t.tag);
                    setTag(t.tag);
                  }}
                >
                  <UserText text={t.tag} /> <span className="muted">{t.suggested}</span>
                </button>
              </li>
            ))}
        </ul>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      {shownPage ? (
        <>
          <div className="bulk-bar">
            <span className="muted">
              {photos(shownPage.total)} carry ‘<UserText text={shownPage.tag} />’ ·{' '}
              {shownPage.suggested.toLocaleString('en-US')} unreviewed · click a photo to deselect it
            </span>
            <button
              type="button"
              className="primary"
              data-testid="bulk-apply"
              disabled={busy || (accept.length === 0 && reject.length === 0)}
              onClick={() => void apply()}
            >
              {actionText}
            </button>
            <button type="button" data-testid="bytag-undo" onClick={() => void undo()}>
              Undo (U)
            </button>
          </div>
          <ul className="bytag-grid" aria-label={`Photos tagged ${isolateText(shownPage.tag)}`}>
            {items.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className={`bytag-cell${selected.has(p.id) ? ' is-selected' : ''}`}
                  data-testid="bytag-cell"
                  data-state={p.tagState}
                  aria-pressed={selected.has(p.id)}
                  title={p.caption ? isolateText(p.caption) : revealBidiControls(p.fileName)}
                  onClick={() => toggle(p.id)}
                >
                  <img src={client.imageUrl(p.hash, 'thumb')} alt={p.caption ?? p.fileName} loading="lazy" />
                  <span className={`state-badge state-${p.tagState}`}>{STATE_LABEL[p.tagState]}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {notice ? (
        <p className={notice.kind === 'error' ? 'error' : 'notice'} role="status" data-testid="bytag-notice">
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
