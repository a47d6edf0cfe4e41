import type { Database } from 'better-sqlite3';

// Bursts and near-copies are captioned once. Each photo's fingerprint (difference hash of its thumbnail; the
// hash of its decoded pixels, worked out only once another photo of its size looks the same) is kept beside it; photos read before this migration get theirs lazily (a backfill).
// A follower waits for its leader's caption instead of having a caption job of its own; when the leader is
// captioned its words are copied as suggestions and the follower row is marked 'copied' (kept for provenance
// and "caption this one separately").
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE photo_fingerprints (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      dhash TEXT NOT NULL,
      pixel_hash TEXT
    ) STRICT;
    CREATE INDEX photo_fingerprints_pixels ON photo_fingerprints (pixel_hash);

    CREATE TABLE burst_members (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      leader_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('waiting', 'copied')),
      -- 'burst' (same camera, seconds apart, alike) or 'identical' (same decoded pixels).
      reason TEXT NOT NULL CHECK (reason IN ('burst', 'identical')),
      -- The job the follower would have had, restored if it is released: 1 when the user had approved it.
      approved INTEGER NOT NULL DEFAULT 0,
      origin TEXT NOT NULL DEFAULT 'scan' CHECK (origin IN ('scan', 'watch')),
      grouped_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX burst_members_leader ON burst_members (leader_id, state);
    CREATE INDEX burst_members_state ON burst_members (state, leader_id);
    -- A leader removed from the catalogue hands its waiting followers their own caption jobs back.
    CREATE TRIGGER burst_leader_removed BEFORE DELETE ON photos BEGIN
      INSERT OR IGNORE INTO caption_jobs (photo_id, state, updated_at, approved, origin)
        SELECT photo_id, 'queued', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), approved, origin
        FROM burst_members WHERE leader_id = old.id AND state = 'waiting';
    END;
    -- A burst is found among photos of one camera taken close together.
    -- Identical pixels need the same size: only photos of one size are compared for them.
    CREATE INDEX photos_size ON photos (width, height);
    CREATE INDEX photos_camera_taken ON photos (camera_make, camera_model, taken_at);
  `);
}
