import { describe, expect, it } from 'vitest';
import { argSchemas } from './contractSchemas';
import { isCalendarDate } from './calendarDate';

describe('isCalendarDate', () => {
  it('accepts real days, leap days included', () => {
    for (const day of ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30']) {
      expect(isCalendarDate(day), day).toBe(true);
    }
  });

  it('refuses days that do not exist', () => {
    for (const day of ['2026-13-45', '2026-00-10', '2026-01-00', '2026-02-29', '1900-02-29', '2026-04-31']) {
      expect(isCalendarDate(day), day).toBe(false);
    }
  });

  it('refuses other shapes', () => {
    for (const text of ['2026-1-01', '26-01-01', '2026-01-01T00:00', '', '２０２６-01-01']) {
      expect(isCalendarDate(text), text).toBe(false);
    }
  });

  it('is what the contract checks for search and export dates', () => {
    const search = argSchemas['photos.search'];
    expect(search.safeParse({ text: '', takenFrom: '2026-13-45' }).success).toBe(false);
    expect(search.safeParse({ text: '', takenTo: '2026-02-30' }).success).toBe(false);
    expect(search.safeParse({ text: '', takenFrom: '2024-02-29', takenTo: '2026-12-31' }).success).toBe(true);
  });
});
