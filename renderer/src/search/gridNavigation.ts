// The result grid is a list laid out in rows of `columns` cells; keyboard focus is an index into that list.

/** How many cells of at least `minCellWidth` fit in `width` with `gap` between them (at least one). */
export function columnsForWidth(width: number, minCellWidth: number, gap: number): number {
  if (!(width > 0) || !(minCellWidth > 0)) return 1;
  return Math.max(1, Math.floor((width + gap) / (minCellWidth + gap)));
}

export function rowCount(count: number, columns: number): number {
  return count <= 0 ? 0 : Math.ceil(count / Math.max(1, columns));
}

export const GRID_KEYS = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
];

/**
 * Where focus goes from `index` when `key` is pressed, or null when the key is not a grid key or the grid is
 * empty. With nothing focused yet (index < 0) every grid key focuses the first cell. Moving down from a row
 * above a shorter last row lands on the last cell rather than doing nothing.
 */
export function moveGridFocus(
  index: number,
  key: string,
  columns: number,
  count: number,
  pageRows = 3,
): number | null {
  if (count <= 0 || !GRID_KEYS.includes(key)) return null;
  const cols = Math.max(1, columns);
  if (index < 0 || index >= count) return key === 'End' ? count - 1 : 0;
  const lastRow = rowCount(count, cols) - 1;
  const down = (rows: number): number => {
    const target = index + rows * cols;
    if (target < count) return target;
    return Math.floor(index / cols) < lastRow ? count - 1 : index;
  };
  const up = (rows: number): number => {
    const target = index - rows * cols;
    return target >= 0 ? target : index % cols;
  };
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowRight':
      return Math.min(count - 1, index + 1);
    case 'ArrowDown':
      return down(1);
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'PageDown':
      return down(Math.max(1, pageRows));
    case 'PageUp':
      return up(Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
