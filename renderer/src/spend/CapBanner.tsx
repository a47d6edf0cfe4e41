import type { QueueStatus } from '../../../shared/types';
import './spend.css';

/** At a budget cap the queue stops; say which limit and where to raise it. */
export function CapBanner({ queue, onOpenSpend }: { queue: QueueStatus | null; onOpenSpend: () => void }) {
  if (!queue?.budgetCap) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="cap-banner">
      <span>{queue.blockedReason}</span>
      <button type="button" data-testid="cap-open-spend" onClick={onOpenSpend}>
        Open Spend
      </button>
    </div>
  );
}
