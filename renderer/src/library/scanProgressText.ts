// The words for a running scan on the Library page: what it is doing, how far, how fast, how long still.
import type { ScanProgress } from '../../../shared/types';

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "about 40 s", "about 12 min", "about 3 h 10 min". */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

export function describeScan(scan: ScanProgress): string {
  const done = scan.filesIngested + scan.filesUnreadable;
  const what = scan.checking ? 'Checking for changes…' : 'Scanning…';
  const parts = [
    scan.filesExpected
      ? `${what} ${count(done)} of ${count(scan.filesExpected)} files`
      : `${what} ${count(done)} files`,
  ];
  if (scan.filesUnreadable > 0) parts.push(`${count(scan.filesUnreadable)} unreadable`);
  if (scan.filesPerSecond && scan.filesPerSecond > 0) parts.push(`${count(scan.filesPerSecond)} files/s`);
  if (scan.secondsLeft != null && done > 0) parts.push(`${formatTimeLeft(scan.secondsLeft)} left`);
  return parts.join(' · ');
}
