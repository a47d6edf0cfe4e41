import { describe, expect, it } from 'vitest';
import { loadSentenceEncoder } from './sentenceEncoder';

describe('the sentence encoder', () => {
  it('reads a text the same whatever its case, as the search by words does', async () => {
    const encoder = await loadSentenceEncoder();
    const [cased, lower, other] = await encoder.embed([
      'A Dog Runs Along The Beach .',
      'a dog runs along the beach .',
      'A plate of pasta with tomato sauce .',
    ]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(dot(cased!, lower!)).toBeCloseTo(1, 5);
    // Not one vector for everything: a caption about something else stays apart.
    expect(dot(cased!, other!)).toBeLessThan(0.5);
  }, 60_000);
});
