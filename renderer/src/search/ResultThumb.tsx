// A result's thumbnail, asked for only once the result list has stayed put for a moment: while a person
// types, each key brings a new list, and dozens of thumbnail requests per key would hold the browser's few
// connections (and the server) that the next key's search needs. A thumbnail once shown stays.
import { useEffect, useState } from 'react';

interface Props {
  src: string;
  height: number;
  /** False while the list is still changing with every key. */
  listSettled: boolean;
}

export function ResultThumb({ src, height, listSettled }: Props) {
  const [wanted, setWanted] = useState(listSettled);
  if (listSettled && !wanted) setWanted(true);
  return (
    <span className="result-thumb" style={{ height }}>
      {/* Low priority: the next key's search must not queue behind a screenful of thumbnails. */}
      {wanted ? <img src={src} alt="" loading="lazy" decoding="async" fetchPriority="low" /> : null}
    </span>
  );
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
