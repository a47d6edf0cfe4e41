// A result's thumbnail, asked for only once the result list has stayed put for a moment and the cell itself
// has stayed in the grid for a moment. While a person types, each key brings a new list, and dozens of
// thumbnail requests per key would hold the browser's few connections (and the server) that the next key's
// search needs. While the grid is flung, rows pass in a few frames: each image's response is handled on the
// page's main thread, and at 80 rows a second those loads, not the rows, were what dropped frames
// (`npm run bench -- grid`). Rows are rendered some way below the viewport, so at a reading pace a cell
// has waited out its moment before it shows. A thumbnail once shown stays.
import { useEffect, useState } from 'react';

/** How long a cell must stay in the grid before its thumbnail is asked for. */
const CELL_DWELL_MS = 120;

interface Props {
  src: string;
  height: number;
  /** False while the list is still changing with every key. */
  listSettled: boolean;
}

export function ResultThumb({ src, height, listSettled }: Props) {
  const [wanted, setWanted] = useState(false);
  const dwelt = useDwelt(CELL_DWELL_MS);
  if (listSettled && dwelt && !wanted) setWanted(true);
  return (
    <span className="result-thumb" style={{ height }}>
      {/* Low priority: the next key's search must not queue behind a screenful of thumbnails. */}
      {wanted ? <img src={src} alt="" loading="lazy" decoding="async" fetchPriority="low" /> : null}
    </span>
  );
}

/** True once the component has been mounted for `ms`. */
function useDwelt(ms: number): boolean {
  const [dwelt, setDwelt] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setDwelt(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return dwelt;
}

/** True once `value` has stayed the same for `ms` (and for the very first value). */
export function useSettled(value: unknown, ms: number): boolean {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled === value;
}
