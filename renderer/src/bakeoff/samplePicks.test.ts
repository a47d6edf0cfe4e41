import { describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../../shared/types';
import { MAX_PICKS, pickAll, pickCountWords, togglePick } from './samplePicks';

function photo(id: number): PhotoSummary {
  return {
    id,
    hash: `${id}`.padStart(64, '0'),
    fileName: `IMG_${id}.jpg`,
    width: 800,
    height: 600,
    takenAt: null,
    caption: null,
    captionHighlighted: null,
    status: 'done',
  };
}

describe('bake-off sample picks', () => {
  it('toggles a photo in and out, in the order picked', () => {
    let picks = togglePick(new Map(), photo(3));
    picks = togglePick(picks, photo(1));
    expect([...picks.keys()]).toEqual([3, 1]);
    picks = togglePick(picks, photo(3));
    expect([...picks.keys()]).toEqual([1]);
    expect(pickCountWords(picks)).toBe('1 photo chosen (at most 30)');
  });

  it('never holds more than the bake-off takes', () => {
    const shown = Array.from({ length: 40 }, (_, i) => photo(i + 1));
    const picks = pickAll(togglePick(new Map(), photo(99)), shown);
    expect(picks.size).toBe(MAX_PICKS);
    expect([...picks.keys()].slice(0, 3)).toEqual([99, 1, 2]);
    // Full: one more is not taken, one picked can still be taken out.
    expect(togglePick(picks, photo(500)).size).toBe(MAX_PICKS);
    expect(togglePick(picks, photo(99)).size).toBe(MAX_PICKS - 1);
  });
});
