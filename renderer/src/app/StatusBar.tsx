import type { QueueStatus, ScanProgress } from '../../../shared/types';

interface Props {
  queue: QueueStatus | null;
  scans: ScanProgress[];
}

export function StatusBar({ queue, scans }: Props) {
  const scanning = scans.filter((scan) => scan.phase === 'scanning');
  return (
    // Not a live region: counters tick with every caption and would drown a screen reader.
    <footer className="status-bar" data-testid="status-bar">
      {queue ? (
        <>
          <span>
            Captions: <strong>{queue.done}</strong> done · {queue.queued} queued
            {queue.running > 0 ? ` · ${queue.running} running` : ''}
            {queue.failed > 0 ? ` · ${queue.failed} failed` : ''}
            {queue.refused > 0 ? ` · ${queue.refused} refused` : ''}
          </span>
          {queue.offline ? <span className="pill pill-warn">Offline — retrying</span> : null}
          {queue.paused ? <span className="pill">Paused</span> : null}
          {queue.blockedReason ? <span className="status-blocked">{queue.blockedReason}</span> : null}
        </>
      ) : (
        <span>Connecting…</span>
      )}
      {scanning.length > 0 ? (
        <span className="status-scan">
          Scanning: {scanning.reduce((sum, scan) => sum + scan.filesSeen, 0).toLocaleString()} files seen
        </span>
      ) : null}
    </footer>
  );
}
