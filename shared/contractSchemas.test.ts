import { describe, expect, it } from 'vitest';
import { LIMITS, methods } from './contract';
import { argSchemas } from './contractSchemas';

describe('the contract schemas', () => {
  it('check every method the contract lists, and no other', () => {
    expect(Object.keys(argSchemas).sort()).toEqual([...methods].sort());
  });

  it('take a tag and a caption up to the shared limit and refuse one character more', () => {
    const tag = (length: number) =>
      argSchemas['review.addTag'].safeParse({ photoId: 1, tag: 't'.repeat(length) });
    expect(tag(LIMITS.tagChars).success).toBe(true);
    expect(tag(LIMITS.tagChars + 1).success).toBe(false);
    const caption = (length: number) =>
      argSchemas['review.editCaption'].safeParse({ photoId: 1, caption: 'c'.repeat(length) });
    expect(caption(LIMITS.captionChars).success).toBe(true);
    expect(caption(LIMITS.captionChars + 1).success).toBe(false);
  });

  it('hold the settings ranges the settings store checks again', () => {
    const update = (values: object) => argSchemas['settings.update'].safeParse(values).success;
    expect(update({ concurrency: LIMITS.concurrency.max })).toBe(true);
    expect(update({ concurrency: LIMITS.concurrency.max + 1 })).toBe(false);
    expect(update({ uploadMaxPx: LIMITS.uploadMaxPx.min - 1 })).toBe(false);
  });
});
