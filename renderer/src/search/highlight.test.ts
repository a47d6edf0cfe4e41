import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END as E, HIGHLIGHT_START as S } from '../../../shared/types';
import { splitHighlights, stripHighlights } from './highlight';

describe('splitHighlights', () => {
  it('returns one plain part for text without markers', () => {
    expect(splitHighlights('a red bowl')).toEqual([{ text: 'a red bowl', marked: false }]);
  });

  it('marks the words between the markers', () => {
    expect(splitHighlights(`A ${S}castle${E} on a ${S}hill${E}.`)).toEqual([
      { text: 'A ', marked: false },
      { text: 'castle', marked: true },
      { text: ' on a ', marked: false },
      { text: 'hill', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('handles a match at the very start and end', () => {
    expect(splitHighlights(`${S}fig${E}`)).toEqual([{ text: 'fig', marked: true }]);
  });

  it('merges adjacent marked runs and drops empty ones', () => {
    expect(splitHighlights(`${S}red${E}${S} bowl${E}${S}${E}`)).toEqual([{ text: 'red bowl', marked: true }]);
  });

  it('ignores stray and nested markers instead of breaking', () => {
    expect(splitHighlights(`a${E}b ${S}c${S}d${E} e${E}`)).toEqual([
      { text: 'ab ', marked: false },
      { text: 'cd', marked: true },
      { text: ' e', marked: false },
    ]);
  });

  it('keeps an unclosed marker running to the end', () => {
    expect(splitHighlights(`x ${S}y`)).toEqual([
      { text: 'x ', marked: false },
      { text: 'y', marked: true },
    ]);
  });

  it('treats HTML as text', () => {
    expect(splitHighlights(`<img src=x onerror=alert(1)> ${S}cat${E}`)).toEqual([
      { text: '<img src=x onerror=alert(1)> ', marked: false },
      { text: 'cat', marked: true },
    ]);
  });

  it('returns nothing for an empty string', () => {
    expect(splitHighlights('')).toEqual([]);
  });
});

describe('stripHighlights', () => {
  it('removes every marker', () => {
    expect(stripHighlights(`A ${S}castle${E} ${E}`)).toBe('A castle ');
  });
});
