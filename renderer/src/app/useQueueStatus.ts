import { useEffect, useState } from 'react';
import type { QueueStatus } from '../../../shared/types';
import { useClient, useEvent } from './clientContext';

/** The caption queue's status: fetched once, then kept live by the 'queue.status' event. */
export function useQueueStatus(): [QueueStatus | null, (status: QueueStatus) => void] {
  const client = useClient();
  const [status, setStatus] = useState<QueueStatus | null>(null);
  useEffect(() => {
    let cancelled = false;
    client.api['queue.status']({}).then(
      (initial) => {
        // An event may already have delivered something newer.
        if (!cancelled) setStatus((current) => current ?? initial);
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
