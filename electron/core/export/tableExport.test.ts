import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../../shared/types';
import { exportCsv, exportJson, plainNumber } from './tableExport';

/** A strict RFC 4180 reader, so the test does not trust the writer's own idea of quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && ch === '"') {
      quoted = false;
    } else if (quoted) {
      field += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  expect(field).toBe('');
  return rows;
}

const record = (overrides: Partial<ExportRecord>): ExportRecord => ({
  path: '/photos/a.jpg',
  otherPaths: [],
  hash: 'ab'.repeat(32),
  caption: null,
  tags: [],
  takenAt: null,
  cameraMake: null,
  cameraModel: null,
  gpsLatitude: null,
  gpsLongitude: null,
  costUsd: 0,
  ...overrides,
});
const tag = (name: string, state: 'accepted' | 'user' | 'suggested') => ({
  tag: name,
  state,
  origin: state === 'user' ? ('user' as const) : ('model' as const),
  detail: null,
  promptVersion: null,
  updatedAt: '2026-11-23T10:00:00Z',
});

describe('CSV and JSON export', () => {
  it('round-trips awkward text through a strict RFC 4180 reader', () => {
    const caption = 'Café, "quoted"\nsecond line — Straße 日本語 🍋';
    const csv = exportCsv([
      record({
        path: '/photos/a, b.jpg',
        otherPaths: ['/backup/a.jpg', '/more/a.jpg'],
        caption: {
          text: caption,
          state: 'user',
          origin: 'user',
          detail: null,
          promptVersion: null,
          updatedAt: 'x',
        },
        tags: [tag('fruit, sliced', 'user'), tag('a;b\\c', 'accepted'), tag('🍋', 'suggested')],
        cameraMake: 'Canon',
        cameraModel: 'EOS 5D',
        gpsLatitude: -33.8568,
        gpsLongitude: 151.2153,
        costUsd: 0.00000048,
      }),
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row] = parseCsv(csv);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('path')).toBe('/photos/a, b.jpg');
    expect(cell('other_paths')).toBe('/backup/a.jpg | /more/a.jpg');
    expect(cell('caption')).toBe(caption);
    expect(cell('tags')).toBe('fruit, sliced; a\\;b\\\\c; 🍋');
    expect(cell('tag_states')).toBe('fruit, sliced=user; a\\;b\\\\c=accepted; 🍋=suggested');
    expect(cell('camera')).toBe('Canon EOS 5D');
    expect(cell('gps_latitude')).toBe('-33.8568');
    expect(cell('cost_usd')).toBe('0.00000048');
  });

  it('keeps spreadsheet formulas inert in text cells, never in numbers', () => {
    const csv = exportCsv([
      record({
        caption: {
          text: '=HYPERLINK("x")',
          state: 'user',
          origin: 'user',
          detail: null,
          promptVersion: null,
          updatedAt: '',
        },
        tags: [tag('+1', 'user')],
        gpsLatitude: -1.5,
      }),
    ]);
    const [header, row] = parseCsv(csv);
    expect(row![header!.indexOf('caption')]).toBe(`'=HYPERLINK("x")`);
    expect(row![header!.indexOf('tags')]).toBe(`'+1`);
    expect(row![header!.indexOf('gps_latitude')]).toBe('-1.5');
  });

  it('writes money and coordinates without exponents', () => {
    expect(plainNumber(4.8e-7)).toBe('0.00000048');
    expect(plainNumber(12)).toBe('12');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('JSON carries the records as they are', () => {
    const records = [record({ tags: [tag('x', 'accepted')] })];
    expect(JSON.parse(exportJson(records))).toEqual({ exportedBy: 'Shoebox', count: 1, photos: records });
  });
});
