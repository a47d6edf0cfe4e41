import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashPool } from './hashPool';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('the hash pool reading a photo', () => {
  it('hands back, from its worker, the bytes it hashed as a Buffer of exactly the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-pool-read-'));
    const pool = createHashPool(1);
    closers.push(async () => {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    });
    // A small file (Node pools its small buffers) and one past the pool's size.
    for (const size of [37, 300_000]) {
      const bytes = Buffer.alloc(size, size % 251);
      bytes.write('not really a photo', 0);
      const path = join(dir, `photo-${size}.jpg`);
      writeFileSync(path, bytes);
      const read = await pool.read(path);
      expect(read.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(Buffer.isBuffer(read.bytes)).toBe(true);
      expect(read.bytes!.equals(bytes)).toBe(true);
    }
    expect(pool.offThread).toBe(true);
    await expect(pool.read(join(dir, 'missing.jpg'))).rejects.toThrow(/ENOENT/);
  });
});
