import { useState } from 'react';
import type { QueueStatus } from '../../../shared/types';
import { errorMessage, useClient } from '../app/clientContext';
import { useQuery } from '../app/useApiQuery';
import { Dialog } from '../app/Dialog';
import { estimateQuestion, formatUsd, groupingSaving } from './spendFormat';
import './spend.css';

interface Props {
  queue: QueueStatus | null;
  /** While a folder is being scanned its photo count still grows: the estimate waits for the scan. */
  scanning: boolean;
  onQueueStatus: (status: QueueStatus) => void;
  onOpenSettings: () => void;
}

/** Nothing is spent on a scanned folder until the user has seen what it costs and said yes. */
export function ApprovalBanner({ queue, scanning, onQueueStatus, onOpenSettings }: Props) {
  const [open, setOpen] = useState(false);
  const waiting = queue?.awaitingApproval ?? 0;
  if (waiting === 0 && !open) return null;
  return (
    <>
      {waiting > 0 ? (
        <div className="banner banner-info" role="status">
          <span>
            {waiting.toLocaleString('en-US')} photo{waiting === 1 ? '' : 's'} wait for your go-ahead before
            they are captioned{scanning ? '; the estimate follows when the scan is done' : ''}.
          </span>
          {scanning ? null : (
            <button
              type="button"
              className="primary"
              data-testid="approval-banner"
              onClick={() => setOpen(true)}
            >
              Review estimate
            </button>
          )}
        </div>
      ) : null}
      {open ? (
        <EstimateDialog
          waiting={waiting}
          onClose={() => setOpen(false)}
          onApproved={(status) => {
            onQueueStatus(status);
            setOpen(false);
          }}
          onOpenSettings={() => {
            setOpen(false);
            onOpenSettings();
          }}
        />
      ) : null}
    </>
  );
}

function EstimateDialog({
  waiting,
  onClose,
  onApproved,
  onOpenSettings,
}: {
  waiting: number;
  onClose: () => void;
  onApproved: (status: QueueStatus) => void;
  onOpenSettings: () => void;
}) {
  const client = useClient();
  // Asked again when the number of waiting photos changes; the last amount stays up meanwhile.
  const estimateQuery = useQuery(`spend.estimate ${waiting}`, (c) => c.api['spend.estimate']({}), {
    keepPrevious: true,
  });
  const estimate = estimateQuery.data ?? null;
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? estimateQuery.error;
  const [busy, setBusy] = useState(false);

  const sendBatch = async () => {
    setBusy(true);
    try {
      await client.api['batch.submit']({});
      onApproved(await client.api['queue.status']({}));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const approve = async () => {
    setBusy(true);
    try {
      onApproved(await client.api['queue.approve']({}));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog labelledBy="estimate-title" testId="estimate-dialog" onClose={onClose}>
      <h2 id="estimate-title">Before Shoebox spends anything</h2>
      {error ? <p className="error">{error}</p> : null}
      {!estimate && !error ? <p className="muted">Working out the cost…</p> : null}
      {estimate ? (
        <>
          <p className="estimate-question" data-testid="estimate-text">
            {estimateQuestion(estimate)}
          </p>
          {groupingSaving(estimate) ? (
            <p className="muted" data-testid="estimate-grouping">
              {groupingSaving(estimate)}
            </p>
          ) : null}
          {estimate.provider ? (
            <p className="muted">
              About {formatUsd(estimate.perPhotoUsd)} a photo with {estimate.model}, from Pixtral&apos;s image
              tokens at your upload size plus the prompt and a typical reply. Budget caps on the Spend page
              still apply.
            </p>
          ) : (
            <p className="muted">Choose a provider in Settings first; the photos wait until then.</p>
          )}
          {estimate.batch ? (
            <p className="batch-offer" data-testid="batch-offer">
              Or send them as one batch: about {formatUsd(estimate.batch.costUsd)} with {estimate.batch.model}{' '}
              (you save {formatUsd(estimate.batch.savingUsd)}), results within {estimate.batch.resultsWithin}.
            </p>
          ) : null}
          <div className="button-row">
            <button type="button" data-testid="estimate-later" onClick={onClose}>
              Not now
            </button>
            {estimate.provider ? (
              <button
                type="button"
                className="primary"
                data-testid="estimate-approve"
                disabled={busy || estimate.photos === 0}
                onClick={() => void approve()}
              >
                Caption {estimate.photos.toLocaleString('en-US')} photos
              </button>
            ) : null}
            {estimate.provider && estimate.batch ? (
              <button
                type="button"
                data-testid="estimate-batch"
                disabled={busy || estimate.photos === 0}
                onClick={() => void sendBatch()}
              >
                Send as a batch
              </button>
            ) : null}
            {estimate.provider ? null : (
              <button type="button" className="primary" onClick={onOpenSettings}>
                Open Settings
              </button>
            )}
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
