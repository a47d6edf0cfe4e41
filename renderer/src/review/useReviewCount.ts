import { useApiQuery } from '../app/useApiQuery';

/** How many photos wait for review, for the navigation badge; recounted at most every few seconds. */
export function useReviewCount(): number | null {
  const { data } = useApiQuery(
    'review.queue',
    { limit: 1 },
    { refetchOn: ['photos.changed'], throttleMs: 3000 },
  );
  return data?.total ?? null;
}
