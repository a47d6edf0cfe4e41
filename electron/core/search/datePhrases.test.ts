import { describe, expect, it } from 'vitest';
import { readDates } from './datePhrases';

const now = new Date('2026-03-15T12:00:00Z');
const read = (text: string) => readDates(text.split(' '), now);

describe('dates in words', () => {
  it('reads years, months, seasons and holidays, leaving the other words', () => {
    expect(read('beach 2019')).toEqual({
      filter: { label: '2019', from: '2019-01-01', to: '2019-12-31' },
      words: ['beach'],
    });
    expect(read('july 2019').filter).toEqual({ label: 'July 2019', from: '2019-07-01', to: '2019-07-31' });
    expect(read('february 2020').filter!.to).toBe('2020-02-29');
    expect(read('february 2019').filter!.to).toBe('2019-02-28');
    expect(read('summer 2018 lake')).toEqual({
      filter: { label: 'Summer 2018', from: '2018-06-01', to: '2018-08-31' },
      words: ['lake'],
    });
    expect(read('winter 2018').filter).toEqual({
      label: 'Winter 2018',
      from: '2018-12-01',
      to: '2019-02-28',
    });
    expect(read('christmas').filter).toEqual({
      label: 'Christmas',
      everyYearFrom: '12-24',
      everyYearTo: '12-26',
    });
    expect(read('christmas 2019').filter).toEqual({
      label: 'Christmas 2019',
      from: '2019-12-24',
      to: '2019-12-26',
    });
    expect(read('new year 2020').filter).toEqual({
      label: 'New Year 2020',
      from: '2019-12-31',
      to: '2020-01-01',
    });
    expect(read('new year s eve').filter!.everyYearFrom).toBe('12-31');
    expect(read('dog in 2019').words).toEqual(['dog']);
  });

  it('reads "last year" and "this year" against the clock', () => {
    expect(read('last year').filter).toEqual({
      label: 'Last year (2025)',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(read('snow this year').filter!.from).toBe('2026-01-01');
  });

  it('leaves "march" and "may" alone as words, and "fall" without a year', () => {
    expect(read('march').filter).toBeNull();
    expect(read('may flowers')).toEqual({ filter: null, words: ['may', 'flowers'] });
    expect(read('waterfall fall').filter).toBeNull();
    expect(read('may 2019').filter!.label).toBe('May 2019');
    expect(read('fall 2017').filter!.from).toBe('2017-09-01');
    expect(read('june').filter).toEqual({ label: 'June', everyYearFrom: '06-01', everyYearTo: '06-31' });
  });

  it('takes no number for a year unless it looks like one', () => {
    expect(read('42 balloons').filter).toBeNull();
    expect(read('room 1234').filter).toBeNull();
    expect(read('1999').filter!.from).toBe('1999-01-01');
  });
});
