import type { BurstMembership } from '../../../shared/types';

/** Where a burst follower's words come from, and the way out of the group. */
export function BurstLine({ burst, onSeparate }: { burst: BurstMembership; onSeparate: () => void }) {
  return (
    <p className="muted provenance" data-testid="review-burst">
      {burst.state === 'waiting'
        ? `Waits for the caption of its burst (${burst.label.replace(/^from /, '')}).`
        : `Suggested ${burst.label}.`}{' '}
      <button type="button" data-testid="caption-separately" onClick={onSeparate}>
        Caption this one separately
      </button>
    </p>
  );
}
