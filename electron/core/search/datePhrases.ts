// Dates in a person's words: "2019", "july 2019", "summer 2018", "christmas", "new year 2020", "last year".
// The phrase becomes a date filter (shown as a removable chip) and leaves the query's text; the rest still
// searches text. "march" and "may" alone stay words: the index holds every photo's month name, so both
// readings are searched and ranked together. Seasons are the northern hemisphere's meteorological ones.
import type { DateFilter } from '../../../shared/types';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const PLAIN_WORD_MONTHS = new Set(['march', 'may']);
const SEASONS: Record<string, [string, string]> = {
  spring: ['03-01', '05-31'],
  summer: ['06-01', '08-31'],
  autumn: ['09-01', '11-30'],
  fall: ['09-01', '11-30'],
  winter: ['12-01', '02-29'],
};
/** "fall" alone is more often a waterfall or a tumble than a season. */
const SEASONS_ONLY_WITH_YEAR = new Set(['fall']);
const FIRST_YEAR = 1826;
const LAST_YEAR = 2100;

export interface DateReading {
  filter: DateFilter | null;
  /** The words left for the text search, in order. */
  words: string[];
}

function yearOf(word: string | undefined): number | null {
  if (!word || !/^\d{4}$/.test(word)) return null;
  const year = Number(word);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);

function yearRange(label: string, year: number): DateFilter {
  return { label, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The real last day when a range ends on "the 31st" or "the 29th of February" of a given year. */
function lastDayOf(year: number, md: string): string {
  const [month, day] = md.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(day, days))}`;
}

function monthDays(label: string, fromMd: string, toMd: string, year: number | null): DateFilter {
  if (year === null) return { label, everyYearFrom: fromMd, everyYearTo: toMd };
  const wraps = fromMd > toMd;
  return { label, from: `${year}-${fromMd}`, to: lastDayOf(wraps ? year + 1 : year, toMd) };
}

interface Match {
  length: number;
  filter: DateFilter;
}

function matchAt(words: string[], i: number, now: Date): Match | null {
  const word = words[i]!;
  const next = words[i + 1];
  const nextYear = yearOf(next);
  if ((word === 'last' || word === 'this') && next === 'year') {
    const year = now.getUTCFullYear() - (word === 'last' ? 1 : 0);
    return { length: 2, filter: yearRange(`${capital(word)} year (${year})`, year) };
  }
  if (word === 'new' && (next === 'year' || next === 'years')) {
    const skip = words[i + 2] === 's' ? 1 : 0;
    const year = yearOf(words[i + 2 + skip]);
    const length = 2 + skip + (year === null ? 0 : 1);
    if (year === null) return { length, filter: monthDays('New Year', '12-31', '01-01', null) };
    return { length, filter: { label: `New Year ${year}`, from: `${year - 1}-12-31`, to: `${year}-01-01` } };
  }
  if (word === 'christmas' || word === 'xmas') {
    const label = nextYear === null ? 'Christmas' : `Christmas ${nextYear}`;
    return { length: nextYear === null ? 1 : 2, filter: monthDays(label, '12-24', '12-26', nextYear) };
  }
  const season = SEASONS[word];
  if (season && (nextYear !== null || !SEASONS_ONLY_WITH_YEAR.has(word))) {
    const label = capital(word) + (nextYear === null ? '' : ` ${nextYear}`);
    return { length: nextYear === null ? 1 : 2, filter: monthDays(label, season[0], season[1], nextYear) };
  }
  const month = MONTHS.indexOf(word);
  if (month >= 0 && (nextYear !== null || !PLAIN_WORD_MONTHS.has(word))) {
    const mm = pad(month + 1);
    const label = capital(word) + (nextYear === null ? '' : ` ${nextYear}`);
    return { length: nextYear === null ? 1 : 2, filter: monthDays(label, `${mm}-01`, `${mm}-31`, nextYear) };
  }
  const year = yearOf(word);
  if (year !== null) return { length: 1, filter: yearRange(String(year), year) };
  return null;
}

/** Reads the first date phrase in `words` (lower-case tokens); `now` fixes "last year". */
export function readDates(words: string[], now: Date): DateReading {
  for (let i = 0; i < words.length; i++) {
    const match = matchAt(words, i, now);
    if (!match) continue;
    // "in 2019", "from christmas": the little word belongs to the date.
    const start = i > 0 && ['in', 'from', 'during', 'at'].includes(words[i - 1]!) ? i - 1 : i;
    return { filter: match.filter, words: [...words.slice(0, start), ...words.slice(i + match.length)] };
  }
  return { filter: null, words };
}
