import { describe, expect, it } from 'vitest';
import { columnsForWidth, moveGridFocus, rowCount } from './gridNavigation';

describe('columnsForWidth', () => {
  it('fits as many minimum-width cells as the width allows', () => {
    expect(columnsForWidth(1000, 200, 8)).toBe(4); // 4×200 + 3×8 = 824; 5 would need 1032
    expect(columnsForWidth(1032, 200, 8)).toBe(5);
    expect(columnsForWidth(1031, 200, 8)).toBe(4);
  });

  it('never returns fewer than one column', () => {
    expect(columnsForWidth(50, 200, 8)).toBe(1);
    expect(columnsForWidth(0, 200, 8)).toBe(1);
    expect(columnsForWidth(Number.NaN, 200, 8)).toBe(1);
  });
});

describe('rowCount', () => {
  it('rounds partial rows up', () => {
    expect(rowCount(0, 4)).toBe(0);
    expect(rowCount(4, 4)).toBe(1);
    expect(rowCount(5, 4)).toBe(2);
  });
});

describe('moveGridFocus (10 cells in rows of 4: 0-3, 4-7, 8-9)', () => {
  const move = (index: number, key: string): number | null => moveGridFocus(index, key, 4, 10);

  it('moves left and right within bounds', () => {
    expect(move(5, 'ArrowRight')).toBe(6);
    expect(move(5, 'ArrowLeft')).toBe(4);
    expect(move(0, 'ArrowLeft')).toBe(0);
    expect(move(9, 'ArrowRight')).toBe(9);
  });

  it('moves up and down by a row', () => {
    expect(move(1, 'ArrowDown')).toBe(5);
    expect(move(5, 'ArrowUp')).toBe(1);
    expect(move(2, 'ArrowUp')).toBe(2);
  });

  it('lands on the last cell when the row below is shorter', () => {
    expect(move(7, 'ArrowDown')).toBe(9);
    expect(move(6, 'ArrowDown')).toBe(9);
    expect(move(9, 'ArrowDown')).toBe(9);
    expect(move(8, 'ArrowDown')).toBe(8);
  });

  it('jumps with Home, End and the page keys', () => {
    expect(move(6, 'Home')).toBe(0);
    expect(move(1, 'End')).toBe(9);
    expect(moveGridFocus(1, 'PageDown', 4, 10, 2)).toBe(9);
    expect(moveGridFocus(9, 'PageUp', 4, 10, 2)).toBe(1);
    expect(moveGridFocus(5, 'PageUp', 4, 10, 3)).toBe(1);
  });

  it('focuses the first cell when nothing is focused yet', () => {
    expect(move(-1, 'ArrowDown')).toBe(0);
    expect(move(-1, 'End')).toBe(9);
    expect(move(42, 'ArrowLeft')).toBe(0);
  });

  it('ignores other keys and empty grids', () => {
    expect(move(3, 'Enter')).toBeNull();
    expect(move(3, 'a')).toBeNull();
    expect(moveGridFocus(0, 'ArrowDown', 4, 0)).toBeNull();
  });

  it('works with a single column', () => {
    expect(moveGridFocus(2, 'ArrowDown', 1, 5)).toBe(3);
    expect(moveGridFocus(2, 'ArrowRight', 1, 5)).toBe(3);
  });
});
