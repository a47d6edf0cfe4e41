// A caption batch in the queue panel's words: plain functions, so they are tested without a window.
import type { BatchInfo } from '../../../shared/types';
import { formatUsd } from '../spend/spendFormat';

const STATE_WORDS: Record<BatchInfo['state'], string> = {
  submitting: 'sending',
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  expired: 'expired',
  failed: 'failed',
};

export function stateWords(batch: BatchInfo): string {
  return STATE_WORDS[batch.state];
}

/** "120 photos · 45 captioned · 2 failed · 73 back in the queue" (zero counts left out). */
export function photoWords(batch: BatchInfo): string {
  const parts = [`${batch.photos.toLocaleString('en-US')} photo${batch.photos === 1 ? '' : 's'}`];
  if (batch.captioned > 0) parts.push(`${batch.captioned.toLocaleString('en-US')} captioned`);
  if (batch.failed > 0) parts.push(`${batch.failed.toLocaleString('en-US')} failed`);
  if (batch.returned > 0) parts.push(`${batch.returned.toLocaleString('en-US')} back in the queue`);
  return parts.join(' · ');
}

function when(iso: string, locale: string | undefined): string {
  return new Date(iso).toLocaleString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "results by Wed 2 Dec, 10:41" while it runs; "ended Tue 1 Dec, 11:02" after. */
export function timeWords(batch: BatchInfo, locale?: string): string {
  if (batch.expectedBy) return `results by ${when(batch.expectedBy, locale)}`;
  if (batch.finishedAt) return `ended ${when(batch.finishedAt, locale)}`;
  return `sent ${when(batch.createdAt, locale)}`;
}

/** What it cost: the bill once the results are in, else what is held against the caps. */
export function billWords(batch: BatchInfo): string {
  if (batch.billedUsd !== null) return `billed ${formatUsd(batch.billedUsd)}`;
  return `up to ${formatUsd(batch.reservedUsd)} held against your caps`;
}

export function canCancel(batch: BatchInfo): boolean {
  return batch.state === 'running';
}

export function isActive(batch: BatchInfo): boolean {
  return batch.state === 'running' || batch.state === 'submitting';
}

/** The confirmation's words: what stopping keeps, bills and gives back. */
export function cancelQuestion(batch: BatchInfo): string {
  return (
    `Stop batch ${batch.id} of ${batch.photos.toLocaleString('en-US')} photos with ${batch.model}? ` +
    'What the provider has answered so far is stored and billed; the other photos go back to the queue ' +
    'and wait for your approval.'
  );
}
