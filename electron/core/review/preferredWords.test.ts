import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/openDatabase';
import { createPreferredWords, PREFERRED_WORDS_TTL_MS } from './preferredWords';

describe('preferred words', () => {
  it('are the most used accepted and user tags, counted at most once a minute', () => {
    const db = openDatabase(':memory:');
    const now = { t: 1_000_000 };
    const insertPhoto = db.prepare(
      `INSERT INTO photos (hash, bytes, caption_status, created_at) VALUES (?, 1, 'done', '2026-01-01')`,
    );
    const tag = db.prepare(`INSERT INTO photo_tags (photo_id, tag, state, origin) VALUES (?, ?, ?, ?)`);
    for (let i = 1; i <= 4; i++) insertPhoto.run(String(i).padStart(64, '0'));
    tag.run(1, 'dog', 'accepted', 'model');
    tag.run(2, 'dog', 'user', 'user');
    tag.run(3, 'Dog', 'accepted', 'model');
    tag.run(1, 'beach', 'user', 'user');
    tag.run(2, 'beach', 'accepted', 'model');
    tag.run(3, 'café', 'accepted', 'model');
    // Unreviewed and rejected words are not the owner's vocabulary.
    for (const id of [1, 2, 3, 4]) tag.run(id, 'puppy', 'suggested', 'model');
    tag.run(4, 'hound', 'rejected', 'model');
    const words = createPreferredWords(db, { now: () => now.t });
    expect(words()).toEqual(['dog', 'beach', 'café']);
    tag.run(4, 'café', 'user', 'user');
    tag.run(1, 'café', 'user', 'user');
    expect(words()).toEqual(['dog', 'beach', 'café']);
    now.t += PREFERRED_WORDS_TTL_MS;
    expect(words()).toEqual(['café', 'dog', 'beach']);
    db.close();
  });
});
