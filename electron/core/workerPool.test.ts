import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashPool } from './library/hashPool';
import { REPO_ROOT } from '../../test/support/corpus';
import { waitFor } from '../../test/support/waitFor';
import { handOver } from './callProtocol';
import { WorkerPool, WorkerThreadError } from './workerPool';

type Echo = {
  threadId: () => Promise<number>;
  fail: (why: string) => Promise<never>;
  die: () => Promise<never>;
  sum: (bytes: Uint8Array) => Promise<number>;
  make: (size: number, give: boolean) => Promise<{ bytes: Uint8Array }>;
  lastMadeLength: () => Promise<number>;
};
const ECHO = new URL('../../test/support/echoWorker.ts', import.meta.url);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('WorkerPool', () => {
  it('runs calls on other threads, spreading them over its workers', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 2 });
    closers.push(() => pool.close());
    const threads = await Promise.all([pool.call('threadId'), pool.call('threadId'), pool.call('threadId')]);
    expect(threads).not.toContain(threadId);
    expect(new Set(threads).size).toBe(2);
  });

  it('fails calls with a WorkerThreadError when its worker cannot start', async () => {
    const pool = new WorkerPool<Echo>(new URL('./no-such-worker.js', import.meta.url), { size: 1 });
    closers.push(() => pool.close());
    await expect(pool.call('threadId')).rejects.toBeInstanceOf(WorkerThreadError);
  });

  it('rejects a failed call with its reason, and a dead worker fails only its calls', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 1 });
    closers.push(() => pool.close());
    await expect(pool.call('fail', 'no such photo')).rejects.toThrow('no such photo');
    await expect(pool.call('die')).rejects.toThrow(/worker thread stopped/);
    expect(await pool.call('threadId')).toEqual(expect.any(Number));
    await pool.close();
    await expect(pool.call('threadId')).rejects.toThrow(/closed/);
  });

  it('ends a worker that has had nothing to do, and starts one again for the next call', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 2, idleMs: 200 });
    closers.push(() => pool.close());
    const first = await pool.call('threadId');
    expect(pool.running).toBe(1);
    await waitFor('the idle worker to end', async () => pool.running === 0 || undefined, {
      timeoutMs: 10_000,
      intervalMs: 50,
    });
    const second = await pool.call('threadId');
    expect(second).not.toBe(first);
    expect(pool.running).toBe(1);
  });

  it('keeps a worker that is given work again before its idle time is up', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 1, idleMs: 1_000 });
    closers.push(() => pool.close());
    const first = await pool.call('threadId');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await pool.call('threadId')).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await pool.call('threadId')).toBe(first);
  });

  it('moves the memory of bytes handed over, both ways, and copies everything else', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 1 });
    closers.push(() => pool.close());
    const given = handOver(Buffer.alloc(64 * 1024, 3));
    expect(await pool.call('sum', given)).toBe(64 * 1024 * 3);
    expect(given.byteLength).toBe(0);
    const copied = Buffer.alloc(64 * 1024, 3);
    expect(await pool.call('sum', copied)).toBe(64 * 1024 * 3);
    expect(copied.byteLength).toBe(64 * 1024);
    // A small Buffer shares Node's pool with others: marking it must not move the pool away.
    const small = Buffer.from([1, 2, 3]);
    const neighbour = Buffer.from([9, 9]);
    expect(await pool.call('sum', handOver(small))).toBe(6);
    expect([...small, ...neighbour]).toEqual([1, 2, 3, 9, 9]);

    const moved = await pool.call('make', 32 * 1024, true);
    expect(moved.bytes.byteLength).toBe(32 * 1024);
    expect(moved.bytes.every((byte) => byte === 7)).toBe(true);
    expect(await pool.call('lastMadeLength')).toBe(0);
    const kept = await pool.call('make', 32 * 1024, false);
    expect(kept.bytes.byteLength).toBe(32 * 1024);
    expect(await pool.call('lastMadeLength')).toBe(32 * 1024);
  });

  it('never starts more workers than its size, however many calls wait', async () => {
    const pool = new WorkerPool<Echo>(ECHO, { size: 2 });
    closers.push(() => pool.close());
    const threads = await Promise.all(Array.from({ length: 12 }, () => pool.call('threadId')));
    expect(new Set(threads).size).toBe(2);
    expect(pool.running).toBe(2);
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

  it('runs its workers in a process started as npm run serve starts (flags a worker refuses)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-pool-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a.jpg'), 'bytes');
    const output = execFileSync(
      process.execPath,
      ['--max-semi-space-size=1', '--import', 'tsx', 'test/support/hashInChild.ts', join(dir, 'a.jpg')],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(output.trim().split('\n').pop()!)).toEqual({
      hash: createHash('sha256').update('bytes').digest('hex'),
      offThread: true,
    });
  });

  it('hashes on this thread from the start at size 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-pool-'));
    const pool = createHashPool(0);
    closers.push(async () => {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(join(dir, 'a.jpg'), 'bytes');
    expect(pool.offThread).toBe(false);
    expect(await pool.hash(join(dir, 'a.jpg'))).toBe(createHash('sha256').update('bytes').digest('hex'));
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
