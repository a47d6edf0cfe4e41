import { useState } from 'react';
import { ReviewByModel } from './ReviewByModel';
import { ReviewByPhoto } from './ReviewByPhoto';
import { ReviewByTag } from './ReviewByTag';
import '../photo/photo.css';
import './review.css';

const MODES = [
  ['photo', 'By photo'],
  ['tag', 'By tag'],
  ['model', 'By model'],
] as const;

/** Offline review of what the model suggested: one photo at a time, or one tag across many photos. */
export function ReviewView({ active, tagRequest }: { active: boolean; tagRequest: { tag: string } | null }) {
  const [mode, setMode] = useState<'photo' | 'tag' | 'model'>('photo');
  const [lastRequest, setLastRequest] = useState(tagRequest);
  if (tagRequest !== lastRequest) {
    setLastRequest(tagRequest);
    if (tagRequest) setMode('tag');
  }
  return (
    <div className="view review-view">
      <div className="segmented" role="tablist" aria-label="Review">
        {MODES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            data-testid={`review-mode-${value}`}
            aria-selected={mode === value}
            className={mode === value ? 'is-active' : ''}
            onClick={() => setMode(value)}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'photo' ? <ReviewByPhoto active={active} /> : null}
      {mode === 'tag' ? <ReviewByTag active={active} initialTag={tagRequest?.tag ?? null} /> : null}
      {mode === 'model' ? <ReviewByModel active={active} /> : null}
    </div>
  );
}
