import type { Database } from 'better-sqlite3';

// The caption queue publishes its counts (done photos among them) after every job; without this index each
// count scans the whole photos table, which at 200k photos costs more than the job itself.
export function up(db: Database): void {
  db.exec(`CREATE INDEX photos_caption_status ON photos (caption_status);`);
}
