import { describe, expect, it } from 'vitest';
import { PieceTokenizer, type Vocabulary } from './pieceTokenizer';

const RESERVED: Vocabulary = [
  ['<unk>', 0],
  ['<s>', 0],
  ['</s>', 0],
  ['x1', 0],
  ['x2', 0],
  ['x3', 0],
];
const vocabulary: Vocabulary = [
  ...RESERVED,
  ['\u2581a', -2], // 6
  ['\u2581dog', -3], // 7
  ['\u2581do', -4], // 8
  ['g', -4], // 9
  ['\u2581sail', -5], // 10
  ['boat', -5], // 11
  ['\u2581sailboat', -12], // 12
  ['\u2581', -1], // 13
  ['a', -10], // 14
  ['d', -10], // 15
  ['o', -10], // 16
];

describe('the sentence encoder tokenizer', () => {
  const tokenizer = new PieceTokenizer(vocabulary);

  it('cuts a sentence into the pieces whose scores sum highest', () => {
    expect(tokenizer.encode('a dog')).toEqual([6, 7]);
    // "▁sail" + "boat" (-10) beats the one piece "▁sailboat" (-12).
    expect(tokenizer.encode('sailboat')).toEqual([10, 11]);
  });

  it('gives an unknown character the unknown piece, once for a run of them', () => {
    expect(tokenizer.encode('a ###')).toEqual([6, 13, 0]);
    expect(tokenizer.encode('')).toEqual([]);
  });

  it('normalises the text first, so compatibility forms meet their plain letters', () => {
    expect(tokenizer.encode('ａ ｄｏｇ')).toEqual([6, 7]);
  });
});
