import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, createBackgroundThreads } from './backgroundThreads';

/** A thread's nice value, field 19 of its stat line (the fields after the name in parentheses). */
function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]);
}

/** The threads of this process whose name is `name`. */
function threadsNamed(name: string): number[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .filter((tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === name);
}

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

describe.runIf(process.platform === 'linux')('background threads', () => {
  it('lowers a worker thread below the main thread, once, and leaves the main thread as it was', async () => {
    const mainBefore = niceOf(process.pid);
    const background = createBackgroundThreads();
    background.lowerNew();
    worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker!.once('online', resolve));
    expect(background.lowerNew()).toBeGreaterThanOrEqual(1);
    expect(background.lowerNew()).toBe(0);
    const workers = threadsNamed('WorkerThread');
    expect(workers.length).toBeGreaterThan(0);
    for (const tid of workers) expect(niceOf(tid)).toBe(Math.min(19, mainBefore + BACKGROUND_NICE));
    expect(niceOf(process.pid)).toBe(mainBefore);
  });

  it('changes nothing where there is no thread list to read', () => {
    expect(createBackgroundThreads('/nonexistent/task').lowerNew()).toBe(0);
  });
});
