import { useCallback, useState } from 'react';
import { useClient } from '../app/clientContext';
import { useApiQuery } from '../app/useApiQuery';
import { useUndo } from '../review/useUndo';
import { LIMITS } from '../../../shared/contract';
import { isolateText } from '../text/bidi';
import { UserText } from '../text/UserText';
import './vocabulary.css';

/**
 * Every tag with its counts. A rename onto an existing tag is a merge ("puppy" → "dog"); renames and deletions
 * are kept as rules, so the model's future tags follow them.
 */
export function VocabularyView({ active, onReviewTag }: { active: boolean; onReviewTag(tag: string): void }) {
  const client = useClient();
  const {
    data: vocabulary,
    error,
    refetch,
  } = useApiQuery('vocabulary.list', {}, { enabled: active, refetchOn: ['photos.changed'] });
  const load = useCallback(() => void refetch(), [refetch]);
  const [filter, setFilter] = useState('');
  const [renaming, setRenaming] = useState<{ from: string; to: string } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const { notice, done, failed, undo } = useUndo(load);

  const run = async (call: () => Promise<{ label: string }>) => {
    try {
      done((await call()).label);
      load();
    } catch (e) {
      failed(e);
    }
  };

  const existing = new Set(vocabulary?.tags.map((t) => t.tag.toLowerCase()));
  const needle = filter.trim().toLowerCase();
  const shown = (vocabulary?.tags ?? []).filter((t) => !needle || t.tag.toLowerCase().includes(needle));

  return (
    <div className="view vocabulary-view">
      <section className="panel" aria-labelledby="vocabulary-heading">
        <h2 id="vocabulary-heading">Tags</h2>
        <div className="vocabulary-tools">
          <input
            type="search"
            aria-label="Filter tags"
            placeholder="Filter tags"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <button type="button" data-testid="vocabulary-undo" onClick={() => void undo()}>
            Undo last change
          </button>
        </div>
        {error ? <p className="error">{error}</p> : null}
        {notice ? (
          <p
            className={notice.kind === 'error' ? 'error' : 'notice'}
            role="status"
            data-testid="vocabulary-notice"
          >
            {notice.text}
          </p>
        ) : null}
        <table className="spend-table vocabulary-table">
          <thead>
            <tr>
              <th>Tag</th>
              <th>Photos</th>
              <th>To review</th>
              <th>Accepted</th>
              <th>Yours</th>
              <th>Rejected</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <tr key={t.tag} data-testid="vocabulary-row" data-tag={t.tag}>
                <td>
                  {renaming?.from === t.tag ? (
                    <form
                      className="inline-form"
                      onSubmit={(event) => {
                        event.preventDefault();
                        const { from, to } = renaming;
                        setRenaming(null);
                        void run(() => client.api['vocabulary.rename']({ from, to }));
                      }}
                    >
                      <input
                        autoFocus
                        aria-label={`New name for ${isolateText(t.tag)}`}
                        data-testid="rename-input"
                        maxLength={LIMITS.tagChars}
                        value={renaming.to}
                        onChange={(event) => setRenaming({ from: t.tag, to: event.target.value })}
                        onKeyDown={(event) => event.key === 'Escape' && setRenaming(null)}
                      />
                      <button type="submit" data-testid="rename-save">
                        {existing.has(renaming.to.trim().toLowerCase()) &&
                        renaming.to.trim().toLowerCase() !== t.tag.toLowerCase() ? (
                          <>
                            Merge into ‘<UserText text={renaming.to.trim()} />’
                          </>
                        ) : (
                          'Rename'
                        )}
                      </button>
                    </form>
                  ) : (
                    <UserText text={t.tag} />
                  )}
                </td>
                <td>{t.photos}</td>
                <td>{t.suggested}</td>
                <td>{t.accepted}</td>
                <td>{t.user}</td>
                <td>{t.rejected}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => onReviewTag(t.tag)}>
                    Review
                  </button>
                  <button
                    type="button"
                    data-testid="rename"
                    onClick={() => setRenaming({ from: t.tag, to: t.tag })}
                  >
                    Rename or merge
                  </button>
                  {deleting === t.tag ? (
                    <button
                      type="button"
                      className="danger"
                      data-testid="delete-confirm"
                      onClick={() => {
                        setDeleting(null);
                        void run(() => client.api['vocabulary.delete']({ tag: t.tag }));
                      }}
                    >
                      Delete from {t.photos + t.rejected} photos?
                    </button>
                  ) : (
                    <button type="button" data-testid="delete" onClick={() => setDeleting(t.tag)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="muted">No tags yet.</p> : null}
      </section>
      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules for the model’s tags</h2>
        <p className="muted">
          Every rename, merge and deletion applies to tags the model suggests from now on.
        </p>
        {vocabulary && vocabulary.rules.length > 0 ? (
          <ul className="rules" data-testid="rules">
            {vocabulary.rules.map((rule) => (
              <li key={rule.from}>
                {rule.to === null ? (
                  <>‘{rule.from}’ is dropped</>
                ) : (
                  <>
                    ‘{rule.from}’ becomes ‘{rule.to}’
                  </>
                )}{' '}
                <button
                  type="button"
                  onClick={() => void run(() => client.api['vocabulary.removeRule']({ from: rule.from }))}
                >
                  Remove rule
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No rules yet.</p>
        )}
      </section>
    </div>
  );
}
