import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValidationError, MAX_REPORTED_ISSUES } from './validationMessage';

describe('describeValidationError', () => {
  it('names the field and the problem', () => {
    const result = z.object({ limit: z.number() }).safeParse({ limit: 'lots' });
    expect(result.success).toBe(false);
    const message = describeValidationError(result.error!);
    expect(message).toMatch(/^limit: .*expected number/);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it('reports a bounded number of issues however many there are, and counts the rest', () => {
    const schema = z.object({ ids: z.array(z.number().int()) });
    const input = { ids: Array.from({ length: 100_000 }, () => 'not a number') };
    const result = schema.safeParse(input);
    expect(result.error!.issues.length).toBe(100_000);
    const message = describeValidationError(result.error!);
    expect(message.match(/ids\[\d+\]: /g)).toHaveLength(MAX_REPORTED_ISSUES);
    expect(message).not.toMatch(/[\r\n]/);
    expect(message).toContain(`… and ${100_000 - MAX_REPORTED_ISSUES} more problems`);
    expect(message.length).toBeLessThan(4000);
  });

  it('cuts short one enormous issue (a hundred thousand unknown keys)', () => {
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i]));
    const result = z.object({}).strict().safeParse(keys);
    const message = describeValidationError(result.error!);
    expect(message.length).toBeLessThan(400);
    expect(message).toMatch(/key0/);
  });

  it('keeps a key with line breaks on one line', () => {
    const result = z.object({}).strict().safeParse({ 'two\nlines': 1 });
    expect(describeValidationError(result.error!)).not.toMatch(/[\r\n]/);
  });

  it('cuts a deep path', () => {
    let schema: z.ZodType = z.number();
    let value: unknown = 'x';
    for (let i = 0; i < 500; i++) {
      schema = z.object({ [`level${i}`]: schema });
      value = { [`level${i}`]: value };
    }
    const message = describeValidationError(schema.safeParse(value).error!);
    expect(message.length).toBeLessThan(400);
  });
});
