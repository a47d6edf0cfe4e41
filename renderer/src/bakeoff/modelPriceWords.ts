// How the bake-off estimate names each model's price and where it comes from: plain functions, tested alone.
import type { BakeoffEstimate } from '../../../shared/types';

type ModelEstimate = BakeoffEstimate['perModel'][number];

const SOURCE_WORDS: Record<NonNullable<ModelEstimate['priceSource']>, string> = {
  provider: "provider's list price",
  override: 'your price',
  table: "Shoebox's price table",
};

/** Prices are small and exact: three significant digits, no trailing zeros ("$0.1", "$0.000145"). */
function usd(value: number): string {
  return `$${Number(value.toPrecision(3))}`;
}

/** "$0.1 in / $0.1 out per 1M tokens + $0.000145 an image (provider's list price)". */
export function priceWords(entry: ModelEstimate): string | null {
  if (!entry.price || !entry.priceSource) return null;
  const { inputPerMTok, outputPerMTok, perImage } = entry.price;
  const image = perImage > 0 ? ` + ${usd(perImage)} an image` : '';
  return `${usd(inputPerMTok)} in / ${usd(outputPerMTok)} out per 1M tokens${image} (${SOURCE_WORDS[entry.priceSource]})`;
}
