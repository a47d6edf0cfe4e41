import { hammingDistance } from './hamming';

/** The facts of one photo that decide whether it shows the same scene as another. */
export interface SceneFacts {
  dhash: string;
  /** Null until it was worked out (see fingerprint.ts). */
  pixelHash: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  /** The camera's wall-clock time, `YYYY-MM-DDTHH:MM:SS`, or null without EXIF time. */
  takenAt: string | null;
}

export interface GroupingRule {
  /** Most seconds between two shots of one burst. */
  windowSeconds: number;
  /** Most differing bits (of 64) between two shots of one burst. */
  maxDistance: number;
}

/**
 * Conservative on purpose: measured on the corpus, re-encodes, 5% crops, small shifts and ±25% exposure of
 * one photo differ by 0–9 bits, while two different photos differ by 12 or more (two scanned text pages) and
 * usually by 19 or more. Time and camera must agree as well, so a wrong group needs all three to fail.
 */
export const DEFAULT_RULE: GroupingRule = { windowSeconds: 10, maxDistance: 10 };

export type SameScene = 'identical' | 'burst';

export function takenSeconds(takenAt: string): number | null {
  const ms = Date.parse(`${takenAt}Z`);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** The time window around a shot, in the catalogue's own spelling of times (so an index can serve it). */
export function takenWindow(takenAt: string, rule: GroupingRule): { from: string; to: string } | null {
  const seconds = takenSeconds(takenAt);
  if (seconds === null) return null;
  const spell = (s: number) => new Date(s * 1000).toISOString().slice(0, 19);
  return { from: spell(seconds - rule.windowSeconds), to: spell(seconds + rule.windowSeconds) };
}

/** 'identical' for the same decoded pixels whenever taken; 'burst' for one camera, seconds apart, alike; else null. */
export function sameScene(a: SceneFacts, b: SceneFacts, rule: GroupingRule = DEFAULT_RULE): SameScene | null {
  if (a.pixelHash !== null && a.pixelHash === b.pixelHash) return 'identical';
  if (a.takenAt === null || b.takenAt === null) return null;
  if (!a.cameraMake && !a.cameraModel) return null;
  if (a.cameraMake !== b.cameraMake || a.cameraModel !== b.cameraModel) return null;
  const ta = takenSeconds(a.takenAt);
  const tb = takenSeconds(b.takenAt);
  if (ta === null || tb === null || Math.abs(ta - tb) > rule.windowSeconds) return null;
  return hammingDistance(a.dhash, b.dhash) <= rule.maxDistance ? 'burst' : null;
}
