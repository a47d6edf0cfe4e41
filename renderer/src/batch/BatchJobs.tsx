import { useState } from 'react';
import type { BatchInfo } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { Dialog } from '../app/Dialog';
import { billWords, canCancel, cancelQuestion, photoWords, stateWords, timeWords } from './batchWords';
import { useBatchJobs } from './useBatchJobs';
import './batch.css';

/** The queue panel's list of caption batches, with Cancel (after a confirmation) on a running one. */
export function BatchJobs() {
  const client = useClient();
  const { batches, error, refresh } = useBatchJobs();
  const [confirming, setConfirming] = useState<BatchInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelError, setCancelError] = useState<string | null>(null);

  if (batches.length === 0 && !error) return null;

  const cancel = async (batch: BatchInfo) => {
    setBusy(true);
    setCancelError(null);
    try {
      await client.api['batch.cancel']({ id: batch.id });
      setConfirming(null);
    } catch (e) {
      setCancelError(errorMessage(e));
    } finally {
      setBusy(false);
      void refresh();
    }
  };

  return (
    <div className="batch-jobs" data-testid="batch-jobs">
      <h3>Batches</h3>
      {error ? <p className="error">{error}</p> : null}
      <table className="batch-table">
        <thead>
          <tr>
            <th>Batch</th>
            <th>State</th>
            <th>Photos</th>
            <th>Time</th>
            <th>Cost</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <tr key={batch.id} data-testid="batch-row">
              <td>
                {batch.id} · {batch.model}
              </td>
              <td data-testid="batch-state">{stateWords(batch)}</td>
              <td data-testid="batch-photos">{photoWords(batch)}</td>
              <td data-testid="batch-time">{timeWords(batch)}</td>
              <td data-testid="batch-bill">{billWords(batch)}</td>
              <td>
                {canCancel(batch) ? (
                  <button type="button" data-testid="batch-cancel" onClick={() => setConfirming(batch)}>
                    Cancel
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {batches.some((b) => b.error) ? (
        <ul className="muted">
          {batches
            .filter((b) => b.error)
            .map((b) => (
              <li key={b.id}>
                Batch {b.id}: {b.error}
              </li>
            ))}
        </ul>
      ) : null}
      {confirming ? (
        <Dialog
          labelledBy="batch-cancel-title"
          testId="batch-cancel-dialog"
          onClose={() => setConfirming(null)}
        >
          <h2 id="batch-cancel-title">Cancel this batch?</h2>
          <p>{cancelQuestion(confirming)}</p>
          {cancelError ? <p className="error">{cancelError}</p> : null}
          <div className="button-row">
            <button type="button" data-testid="batch-cancel-keep" onClick={() => setConfirming(null)}>
              Keep it running
            </button>
            <button
              type="button"
              className="primary"
              data-testid="batch-cancel-confirm"
              disabled={busy}
              onClick={() => void cancel(confirming)}
            >
              Cancel the batch
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
