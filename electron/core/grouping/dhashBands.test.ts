import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { BAND_COUNT, dhashBands } from './dhashBands';
import { hammingDistance } from './hamming';
import * as groupingStore from '../stores/groupingStore';
import { SHARING_A_BAND } from '../stores/groupingStore';

/** A repeatable 64-bit hash from a seed, as 16 hex digits. */
function hashFrom(seed: number): string {
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  x ^= x >> 29n;
  return (x & 0xffffffffffffffffn).toString(16).padStart(16, '0');
}

function flipBits(hash: string, bits: number[]): string {
  let x = BigInt(`0x${hash}`);
  for (const bit of bits) x ^= 1n << BigInt(bit);
  return x.toString(16).padStart(16, '0');
}

describe('difference-hash bands', () => {
  it('cut the hash into five bands that put it back together', () => {
    for (let seed = 1; seed < 50; seed++) {
      const hash = hashFrom(seed);
      const bands = dhashBands(hash);
      expect(bands).toHaveLength(BAND_COUNT);
      const whole = bands.reduce((acc, band, i) => (acc << BigInt(i === 4 ? 12 : 13)) | BigInt(band), 0n);
      expect(whole.toString(16).padStart(16, '0')).toBe(hash);
    }
  });

  it('are shared, at least one, by any two hashes at most four bits apart', () => {
    for (let seed = 1; seed < 400; seed++) {
      const hash = hashFrom(seed);
      const flips = [0, 1, 2, 3].map((k) => Number((BigInt(seed) * 7919n * BigInt(k + 1) + 13n) % 64n));
      const other = flipBits(hash, flips);
      expect(hammingDistance(hash, other)).toBeLessThanOrEqual(4);
      const [a, b] = [dhashBands(hash), dhashBands(other)];
      expect(a.some((band, i) => band === b[i])).toBe(true);
    }
  });
});

describe('look-alikes of a photo', () => {
  it('are found through the band indexes, among photos of its size only', () => {
    const db = openDatabase(':memory:');
    try {
      const photo = db.prepare(
        `INSERT INTO photos (hash, bytes, width, height, caption_status, created_at) VALUES (?, 1, ?, ?, 'queued', 'now')`,
      );
      const add = (name: string, width: number, height: number, dhash: string) => {
        const id = Number(photo.run(name, width, height).lastInsertRowid);
        groupingStore.saveFingerprint(db, id, { dhash, pixelHash: null });
        return id;
      };
      const base = hashFrom(42);
      const self = add('self', 600, 400, base);
      const near = add('near', 400, 600, flipBits(base, [1, 20, 40, 63]));
      add('other size', 600, 500, base);
      add('far', 600, 400, flipBits(base, [0, 13, 26, 39, 52, 60]));
      const found = groupingStore.sameSizeSharingABand(db, self).map((o) => o.photoId);
      expect(found).toContain(near);
      expect(found).toHaveLength(1);

      // Near-equal photos, and whether their pixels were hashed yet.
      expect(groupingStore.hasLookAlike(db, self, 4)).toBe(true);
      expect(groupingStore.lookAlikesWithoutPixels(db, self, 4)).toEqual([near]);
      db.prepare('UPDATE photo_fingerprints SET pixel_hash = ? WHERE photo_id = ?').run('p', near);
      expect(groupingStore.lookAlikesWithoutPixels(db, self, 4)).toEqual([]);
      expect(groupingStore.hasLookAlike(db, self, 4)).toBe(true);
      expect(groupingStore.hasLookAlike(db, self, 3)).toBe(false);

      // A camera's one size, and no statistics (the app never runs ANALYZE): the plan must still go through the
      // bands, not through every photo of the size.
      for (let i = 0; i < 300; i++) add(`same size ${i}`, 600, 400, hashFrom(1000 + i));
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT o.id ${SHARING_A_BAND}`).all(self) as Array<{
        detail: string;
      }>;
      const details = plan.map((row) => row.detail).join('\n');
      for (let i = 0; i < BAND_COUNT; i++) expect(details).toContain(`photo_fingerprints_band${i}`);
      expect(details).not.toContain('photos_size');
    } finally {
      db.close();
    }
  });
});
