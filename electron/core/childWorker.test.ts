import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/waitFor';
import { ChildWorker, ChildWorkerError } from './childWorker';

type Methods = {
  pid(): Promise<number>;
  echo(values: Float32Array): Promise<Float32Array>;
  fail(why: string): Promise<never>;
  die(): Promise<never>;
};

const ENTRY = new URL('../../test/support/echoChild.ts', import.meta.url);
let worker: ChildWorker<Methods> | undefined;

afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a child process for heavy work', () => {
  it('runs at the niceness asked for, below the app, so work that can wait leaves it the cores', async () => {
    worker = new ChildWorker<Methods>(ENTRY, { idleMs: 60_000, niceness: 10 });
    const pid = await worker.call('pid');
    // A parent already nicer than 10 may not lower a child's niceness: the child then keeps the parent's.
    expect(getPriority(pid)).toBe(Math.max(10, getPriority()));
    const plain = new ChildWorker<Methods>(ENTRY, { idleMs: 60_000 });
    try {
      expect(getPriority(await plain.call('pid'))).toBe(getPriority());
    } finally {
      await plain.close();
    }
  }, 30_000);

  it('answers in its own process, typed arrays intact, and passes a call’s own error on', async () => {
    worker = new ChildWorker<Methods>(ENTRY, { idleMs: 60_000 });
    const pid = await worker.call('pid');
    expect(pid).not.toBe(process.pid);
    const echoed = await worker.call('echo', new Float32Array([0.5, -1.25]));
    expect(echoed).toBeInstanceOf(Float32Array);
    expect([...echoed]).toEqual([0.5, -1.25]);
    await expect(worker.call('fail', 'no such photo')).rejects.toThrow('no such photo');
    expect(await worker.call('pid')).toBe(pid);
  }, 30_000);

  it('fails only the calls of a child that died, and starts another for the next', async () => {
    worker = new ChildWorker<Methods>(ENTRY, { idleMs: 60_000 });
    const first = await worker.call('pid');
    await expect(worker.call('die')).rejects.toBeInstanceOf(ChildWorkerError);
    const second = await worker.call('pid');
    expect(second).not.toBe(first);
  }, 30_000);

  it('ends its process after the idle time, and on close', async () => {
    worker = new ChildWorker<Methods>(ENTRY, { idleMs: 100 });
    const pid = await worker.call('pid');
    await waitFor('the idle child to end', () => !alive(pid));
    expect(worker.running).toBe(false);
    const next = await worker.call('pid');
    await worker.close();
    expect(alive(next)).toBe(false);
    await expect(worker.call('pid')).rejects.toBeInstanceOf(ChildWorkerError);
  }, 30_000);
});
