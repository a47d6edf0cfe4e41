import { useCallback, useEffect, useState } from 'react';
import type { QueueStatus } from '../../../shared/types';
import { useClient, useEvent } from './clientContext';

/** The newer of two snapshots: a method's reply may be processed after an event the core sent later. */
function newer(current: QueueStatus | null, next: QueueStatus): QueueStatus {
  return current && (current.revision ?? 0) > (next.revision ?? 0) ? current : next;
}

/** The caption queue's status: fetched once, then kept live by the 'queue.status' event. */
export function useQueueStatus(): [QueueStatus | null, (status: QueueStatus) => void] {
  const client = useClient();
  const [status, setRawStatus] = useState<QueueStatus | null>(null);
  const setStatus = useCallback((next: QueueStatus) => setRawStatus((current) => newer(current, next)), []);
  useEffect(() => {
    let cancelled = false;
    client.api['queue.status']({}).then(
      (initial) => {
        // An event may already have delivered something newer.
        if (!cancelled) setRawStatus((current) => current ?? initial);
      },
      (error: unknown) => console.error('queue.status failed', error),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);
  useEvent('queue.status', setStatus);
  return [status, setStatus];
}
