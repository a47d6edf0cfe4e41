// What a probe finds and how it reads EXIF values, shared by the image probe and the RAW probe (kept apart
// from both so neither imports the other).
import type { PhotoMetadata } from '../../../shared/types';
import type { ImageFormat } from './sniff';

export interface ProbedImage {
  format: ImageFormat;
  metadata: PhotoMetadata;
}

export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** EXIF dates carry no time zone: keep the camera's wall-clock time as an ISO local date-time. */
export function takenAt(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return (
      `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}` +
      `T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`
    );
  }
  const match =
    typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}` : null;
}
