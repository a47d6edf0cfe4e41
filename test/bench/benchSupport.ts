export { mapLimit, syntheticPhotos } from '../support/syntheticPhotos';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function printBlock(title: string, lines: Array<[string, string]>): void {
  const width = Math.max(...lines.map(([label]) => label.length));
  console.log(`\n== ${title}`);
  for (const [label, value] of lines) console.log(`  ${label.padEnd(width)}  ${value}`);
}
