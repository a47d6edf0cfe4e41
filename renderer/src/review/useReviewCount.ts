import { useEffect, useState } from 'react';
import { useClient, useEvent } from '../app/clientContext';
import { throttle } from '../app/throttle';

/** How many photos wait for review, for the navigation badge; recounted at most every few seconds. */
export function useReviewCount(): number | null {
  const client = useClient();
  const [count, setCount] = useState<number | null>(null);
  const [recount] = useState(() =>
    throttle(() => {
      client.api['review.queue']({ limit: 1 }).then(
        (page) => setCount(page.total),
        () => undefined,
      );
    }, 3000),
  );
  useEffect(() => {
    recount();
    return () => recount.cancel();
  }, [recount]);
  useEvent('photos.changed', recount);
  return count;
}
