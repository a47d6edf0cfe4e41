/** `count` ids spread evenly over a list ordered by time, first and last included: varied by when they were taken. */
export function spreadOver(ids: readonly number[], count: number): number[] {
  if (ids.length <= count) return [...ids];
  if (count === 1) return [ids[0]!];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(ids[Math.round((i * (ids.length - 1)) / (count - 1))]!);
  return [...picked];
}
