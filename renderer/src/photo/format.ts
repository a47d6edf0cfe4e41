// Display formatting for photo metadata; plain functions so they are easy to test.
export { formatBytes } from '../../../shared/formatBytes';

export function formatTaken(iso: string | null): string {
  if (!iso) return 'Unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // EXIF times have no zone; the core stores them as written, so show them without conversion.
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(iso);
  if (!match) return iso;
  return match[2] ? `${match[1]} ${match[2]}` : (match[1] ?? iso);
}

export function formatCoordinate(value: number, positive: string, negative: string): string {
  return `${Math.abs(value).toFixed(5)}° ${value >= 0 ? positive : negative}`;
}
