import { useCallback, useEffect } from 'react';
import type { QueueStatus } from '../../../shared/types';
import { useEvent } from './clientContext';
import { useApiQuery } from './useApiQuery';

/** The newer of two snapshots: a method's reply may be processed after an event the core sent later. */
function newer(current: QueueStatus | null, next: QueueStatus): QueueStatus {
  return current && (current.revision ?? 0) > (next.revision ?? 0) ? current : next;
}

/** The caption queue's status: fetched once, then kept live by the 'queue.status' event. */
export function useQueueStatus(): [QueueStatus | null, (status: QueueStatus) => void] {
  // An event that arrives first replaces the data, and the fetch's older reply is dropped.
  const { data, error, setData } = useApiQuery('queue.status', {});
  const setStatus = useCallback(
    (next: QueueStatus) => setData((current) => newer(current ?? null, next)),
    [setData],
  );
  useEffect(() => {
    if (error) console.error('queue.status failed', error);
  }, [error]);
  useEvent('queue.status', setStatus);
  return [data ?? null, setStatus];
}
