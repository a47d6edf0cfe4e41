import { useState } from 'react';
import { ReviewByPhoto } from './ReviewByPhoto';
import { ReviewByTag } from './ReviewByTag';

/** Offline review of what the model suggested: one photo at a time, or one tag across many photos. */
export function ReviewView({ active, tagRequest }: { active: boolean; tagRequest: { tag: string } | null }) {
  const [mode, setMode] = useState<'photo' | 'tag'>('photo');
  const [lastRequest, setLastRequest] = useState(tagRequest);
  if (tagRequest !== lastRequest) {
    setLastRequest(tagRequest);
    if (tagRequest) setMode('tag');
  }
  return (
    <div className="view review-view">
      <div className="segmented" role="tablist" aria-label="Review">
        <button
          type="button"
          role="tab"
          data-testid="review-mode-photo"
          aria-selected={mode === 'photo'}
          className={mode === 'photo' ? 'is-active' : ''}
          onClick={() => setMode('photo')}
        >
          By photo
        </button>
        <button
          type="button"
          role="tab"
          data-testid="review-mode-tag"
          aria-selected={mode === 'tag'}
          className={mode === 'tag' ? 'is-active' : ''}
          onClick={() => setMode('tag')}
        >
          By tag
        </button>
      </div>
      {mode === 'photo' ? (
        <ReviewByPhoto active={active} />
      ) : (
        <ReviewByTag active={active} initialTag={tagRequest?.tag ?? null} />
      )}
    </div>
  );
}
