import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/contract';
import { parseCaption } from './parseCaption';

describe('parseCaption', () => {
  it('reads raw JSON and normalises tags', () => {
    const result = parseCaption(
      '{"caption":"A cat  sleeps on a sofa.","tags":[" Cat","sofa","cat","#Indoor","", "Living Room"]}',
    );
    expect(result).toEqual({
      ok: true,
      value: { caption: 'A cat sleeps on a sofa.', tags: ['cat', 'sofa', 'indoor', 'living room'] },
    });
  });

  it('reads JSON inside a Markdown fence and inside prose', () => {
    const fenced = parseCaption('```json\n{"caption":"A bridge at night.","tags":["bridge"]}\n```');
    expect(fenced.ok && fenced.value.caption).toBe('A bridge at night.');
    const prose = parseCaption('Sure! Here it is: {"caption":"A dog.","tags":["dog"]} Hope that helps.');
    expect(prose.ok && prose.value.tags).toEqual(['dog']);
  });

  it('caps tags at 15', () => {
    const tags = Array.from({ length: 30 }, (_, i) => `tag${i}`);
    const result = parseCaption(JSON.stringify({ caption: 'Many things.', tags }));
    expect(result.ok && result.value.tags).toHaveLength(15);
  });

  it('keeps a tag as long as a user may write one, and drops a longer one', () => {
    const longest = 'a'.repeat(LIMITS.tagChars);
    const tooLong = 'b'.repeat(LIMITS.tagChars + 1);
    const result = parseCaption(
      JSON.stringify({ caption: 'Long words.', tags: ['x'.repeat(80), longest, tooLong] }),
    );
    expect(result.ok && result.value.tags).toEqual(['x'.repeat(80), longest]);
  });

  it('explains what is wrong', () => {
    expect(parseCaption('')).toEqual({ ok: false, reason: 'the model returned an empty reply' });
    const prose = parseCaption('I cannot help with that.');
    expect(!prose.ok && prose.reason).toContain('not JSON');
    const shape = parseCaption('{"description":"x"}');
    expect(!shape.ok && shape.reason).toContain('caption');
    const empty = parseCaption('{"caption":"  ","tags":[]}');
    expect(!empty.ok && empty.reason).toContain('the caption is empty');
  });
});
