// A vocabulary merge over every photo (each carries the tag 'photo') and its undo, through the review service
// as the API calls it: the longest time the event loop was held, beside the same change made the way it was
// before batching (one transaction, the undo record and the merge together) in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../../electron/core/clock';
import { createReviewService } from '../../electron/core/review/reviewService';
import { mergeTag, photosWithTag, setRule } from '../../electron/core/stores/tagsStore';
import { seededRandom } from '../fake-provider/faults';
import { fmt, longestBlock, printBlock } from './benchSupport';
import { populate } from './search.bench';

export async function main(count = Number(process.env.BENCH_VOCABULARY_PHOTOS ?? 100_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-bench-vocabulary-'));
  try {
    const db = populate(join(dir, 'catalogue.sqlite'), count, seededRandom(7));
    const batch = process.env.BENCH_VOCABULARY_BATCH;
    const review = createReviewService(
      db,
      systemClock,
      () => undefined,
      batch ? { batchPhotos: Number(batch) } : {},
    );

    // Before: the merge as one transaction, as renameTag ran it until batching.
    const ids = photosWithTag(db, 'photo');
    const before = await longestBlock(async () =>
      review.log.record(
        `Merged ‘photo’ into ‘picture’`,
        { tags: ids.flatMap((id) => [[id, 'photo'] as const, [id, 'picture'] as const]), rules: ['photo'] },
        () => {
          mergeTag(db, 'photo', 'picture', 'now');
          setRule(db, 'photo', 'picture', 'now');
        },
      ),
    );
    const undoBefore = await longestBlock(async () => review.log.undoLast());

    const after = await longestBlock(() => review.renameTag('photo', 'picture'));
    const undoAfter = await longestBlock(() => review.undo());
    const restored = photosWithTag(db, 'photo').length;
    db.close();

    printBlock(`Vocabulary merge over ${count.toLocaleString('en-US')} photos (‘photo’ into ‘picture’)`, [
      ['one transaction (before): total / longest block', `${fmt(before.ms)} / ${fmt(before.longestMs)} ms`],
      ['  its undo at once', `${fmt(undoBefore.ms)} / ${fmt(undoBefore.longestMs)} ms`],
      [
        'in batches (now): total / longest block / p99 turn',
        `${fmt(after.ms)} / ${fmt(after.longestMs)} / ${fmt(after.p99Ms)} ms, main-thread CPU in one turn at most ${fmt(after.longestCpuMs)} ms (${after.result.label}; longest block ${fmt(after.longestMs / before.longestMs, 3)} of before)`,
      ],
      [
        '  its undo in batches',
        `${fmt(undoAfter.ms)} / ${fmt(undoAfter.longestMs)} / ${fmt(undoAfter.p99Ms)} ms, CPU in one turn at most ${fmt(undoAfter.longestCpuMs)} ms (${restored.toLocaleString('en-US')} photos carry ‘photo’ again)`,
      ],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
