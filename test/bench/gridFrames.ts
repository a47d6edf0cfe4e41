// Frame times inside the page while a scroll element is scrolled a fixed distance every animation frame:
// the deltas between requestAnimationFrame timestamps, which is what a person sees as smooth or stuttering.
// The scroll is clamped at the end of what exists, as a person's would be while more pages load.
import type { Page } from 'playwright-core';
import { fmt, percentile } from './benchSupport';

export interface ScrollRun {
  /** Frame deltas in ms, in order. */
  deltas: number[];
  /** Pixels actually scrolled. */
  scrolled: number;
  /** Frames in which the scroll could not move (the end of what was loaded). */
  stuckFrames: number;
  /** The browser's own long tasks (over 50 ms) and their total. */
  longTasks: number;
  longTaskMs: number;
}

export interface ScrollPlan {
  selector: string;
  /** Pixels per frame; negative scrolls up. */
  step: number;
  frames: number;
}

// A string, so the function runs in the page with its DOM; the benchmark itself is compiled for Node.
const DRIVER = `async ({ selector, step, frames }) => {
  const element = document.querySelector(selector);
  if (!element) throw new Error('no ' + selector + ' in the page');
  const deltas = [];
  let longTasks = 0;
  let longTaskMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { longTasks += 1; longTaskMs += entry.duration; }
  });
  observer.observe({ type: 'longtask' });
  const startTop = element.scrollTop;
  let stuckFrames = 0;
  let last = null;
  let left = frames;
  await new Promise((resolve) => {
    const tick = (now) => {
      if (last !== null) deltas.push(now - last);
      last = now;
      if (left-- <= 0) return resolve();
      const before = element.scrollTop;
      element.scrollTop = before + step;
      if (element.scrollTop === before) stuckFrames += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // Long-task entries arrive after the task ends: one more frame for the last of them.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  observer.disconnect();
  return { deltas, scrolled: Math.abs(element.scrollTop - startTop), stuckFrames, longTasks, longTaskMs };
}`;

export async function scrollAndTime(page: Page, plan: ScrollPlan): Promise<ScrollRun> {
  const driver = await page.evaluateHandle(DRIVER);
  try {
    return (await driver.evaluate(
      (run, args) => (run as (a: ScrollPlan) => Promise<ScrollRun>)(args),
      plan,
    )) as ScrollRun;
  } finally {
    await driver.dispose();
  }
}

export interface FrameFigures {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over16: number;
  over33: number;
  /** Frames the display would have shown in the time but the page did not paint. */
  dropped: number;
}

const FRAME_MS = 1000 / 60;

export function frameFigures(deltas: number[]): FrameFigures {
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: deltas.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? NaN,
    // A little slack: rAF timestamps of a steady 60 Hz wobble around 16.7 ms.
    over16: deltas.filter((d) => d > FRAME_MS + 1).length,
    over33: deltas.filter((d) => d > 2 * FRAME_MS + 1).length,
    dropped: deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / FRAME_MS) - 1), 0),
  };
}

export function describeFrames(figures: FrameFigures): string {
  return (
    `p50 ${fmt(figures.p50)} / p95 ${fmt(figures.p95)} / max ${fmt(figures.max)} ms; ` +
    `${figures.over16} of ${figures.frames} frames over 16.7 ms, ${figures.over33} over 33.3 ms; ` +
    `${figures.dropped} frames dropped`
  );
}
