import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashPool } from './library/hashPool';
import { WorkerPool } from './workerPool';

type Echo = {
  threadId: () => Promise<number>;
  fail: (why: string) => Promise<never>;
  die: () => Promise<never>;
};
const ECHO = new URL('../../test/support/echoWorker.ts', import.meta.url);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('WorkerPool', () => {
  it('runs calls on other threads, spreading them over its workers', async () => {
    const pool = new WorkerPool<Echo>(ECHO, 2);
    closers.push(() => pool.close());
    const threads = await Promise.all([pool.call('threadId'), pool.call('threadId'), pool.call('threadId')]);
    expect(threads).not.toContain(threadId);
    expect(new Set(threads).size).toBe(2);
  });

  it('rejects a failed call with its reason, and a dead worker fails only its calls', async () => {
    const pool = new WorkerPool<Echo>(ECHO, 1);
    closers.push(() => pool.close());
    await expect(pool.call('fail', 'no such photo')).rejects.toThrow('no such photo');
    await expect(pool.call('die')).rejects.toThrow(/worker thread stopped/);
    expect(await pool.call('threadId')).toEqual(expect.any(Number));
    await pool.close();
    await expect(pool.call('threadId')).rejects.toThrow(/closed/);
  });
});

describe('the hash pool', () => {
  it('hashes a file off the main thread to the same sha256, and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-pool-'));
    const pool = createHashPool(1);
    closers.push(async () => {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const bytes = Buffer.from('not really a photo, but bytes all the same');
    writeFileSync(join(dir, 'a.jpg'), bytes);
    expect(await pool.hash(join(dir, 'a.jpg'))).toBe(createHash('sha256').update(bytes).digest('hex'));
    await expect(pool.hash(join(dir, 'missing.jpg'))).rejects.toThrow(/ENOENT/);
    expect(pool.offThread).toBe(true);
  });

  it('hashes on this thread when the pool cannot run its workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-pool-'));
    const pool = createHashPool(1);
    await pool.close();
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a.jpg'), 'bytes');
    expect(await pool.hash(join(dir, 'a.jpg'))).toBe(createHash('sha256').update('bytes').digest('hex'));
    expect(pool.offThread).toBe(false);
  });
});
