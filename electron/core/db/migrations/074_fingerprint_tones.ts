import type { Database } from 'better-sqlite3';

// A dark or flat picture's difference hash is shared by many photos that look nothing like it, and each of
// them had its whole original decoded to rule out identical pixels. Each fingerprint now keeps four grey
// tones of its thumbnail (grouping/fingerprint.ts, toneSignature) packed in one integer: tones apart rule
// identity out without a decode. Fingerprints made before have none and are checked as before.
export function up(db: Database): void {
  db.exec(`ALTER TABLE photo_fingerprints ADD COLUMN tones INTEGER;`);
}
