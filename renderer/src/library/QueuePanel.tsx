import { useState } from 'react';
import { timeLeftWords } from '../../../shared/queuePace';
import type { QueueStatus } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { BatchJobs } from '../batch/BatchJobs';

interface Props {
  queue: QueueStatus | null;
  onStatus(status: QueueStatus): void;
  onOpenSettings(): void;
}

function Counter({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="counter">
      <span className="counter-value" data-testid={testId}>
        {value}
      </span>
      <span className="counter-label">{label}</span>
    </div>
  );
}

export function QueuePanel({ queue, onStatus, onOpenSettings }: Props) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = (method: 'queue.pause' | 'queue.resume' | 'queue.retryFailed') => {
    setBusy(true);
    setError(null);
    client.api[method]({})
      .then(onStatus, (e: unknown) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };

  if (!queue) return <section className="panel">Loading caption queue…</section>;
  const total = queue.done + queue.queued + queue.running + queue.failed + queue.refused;
  const percent = total === 0 ? 0 : Math.round(((queue.done + queue.failed + queue.refused) / total) * 100);
  const timeLeft =
    queue.blockedReason === null ? timeLeftWords(queue.queued + queue.running, queue.photosPerMinute) : null;
  const noProvider = queue.blockedReason !== null && /provider|key|model/i.test(queue.blockedReason);

  return (
    <section className="panel" aria-labelledby="queue-heading">
      <div className="panel-head">
        <h2 id="queue-heading">Captions</h2>
        <div className="actions">
          {queue.paused ? (
            <button type="button" disabled={busy} onClick={() => act('queue.resume')}>
              Resume
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => act('queue.pause')}>
              Pause
            </button>
          )}
          <button
            type="button"
            disabled={busy || queue.failed === 0}
            onClick={() => act('queue.retryFailed')}
          >
            Retry failed
          </button>
        </div>
      </div>
      {queue.blockedReason ? (
        <div className="callout callout-warn" role="alert">
          <strong>Captioning is on hold:</strong> {queue.blockedReason}
          {noProvider ? (
            <>
              {' '}
              <button type="button" className="link" onClick={onOpenSettings}>
                Open settings
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {queue.offline ? (
        <div className="callout callout-warn">The provider cannot be reached; retrying automatically.</div>
      ) : null}
      <div className="counters">
        <Counter label="done" value={queue.done} testId="queue-done" />
        <Counter label="queued" value={queue.queued} testId="queue-queued" />
        <Counter label="running" value={queue.running} />
        <Counter label="failed" value={queue.failed} testId="queue-failed" />
        <Counter label="refused" value={queue.refused} />
      </div>
      <progress className="progress" max={100} value={percent} aria-label="Caption progress">
        {percent}%
      </progress>
      {timeLeft ? (
        <p className="queue-pace" data-testid="queue-pace">
          {timeLeft}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <BatchJobs />
    </section>
  );
}
