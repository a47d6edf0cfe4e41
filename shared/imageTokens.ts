// Pixtral 12B's image-token count, from its tokenizer: scale to fit 1024×1024 (never up), cut into 16×16
// patches, one break token per row of patches.
export const PIXTRAL_MAX_SIDE = 1024;
export const PIXTRAL_PATCH = 16;
export const PIXTRAL_REJECT_SIDE = 10_000;

export function pixtralScaledSize(width: number, height: number): { width: number; height: number } {
  const ratio = Math.max(width / PIXTRAL_MAX_SIDE, height / PIXTRAL_MAX_SIDE);
  if (ratio <= 1) return { width, height };
  return { width: Math.round(width / ratio), height: Math.round(height / ratio) };
}

export function pixtralImageTokens(width: number, height: number): number {
  const scaled = pixtralScaledSize(width, height);
  const cols = Math.ceil(scaled.width / PIXTRAL_PATCH);
  const rows = Math.ceil(scaled.height / PIXTRAL_PATCH);
  return rows * (cols + 1);
}

/** The size an image of width×height becomes when its long side is capped at maxSide (never enlarged). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const ratio = Math.max(width / maxSide, height / maxSide);
  if (ratio <= 1) return { width, height };
  return { width: Math.max(1, Math.round(width / ratio)), height: Math.max(1, Math.round(height / ratio)) };
}
