/**
 * A share as a percentage, halves rounded up: 2356 / 8000 = 29.45% → `29.5%`,
 * 5644 / 8000 = 70.55% → `70.6%`. Rounding `share × 100` directly would give
 * 29.4%: 0.2945 is stored as 0.29449999…, so the product falls below the half.
 * Rounding at 12 significant digits first takes that error out.
 * @param share - a fraction (0.2945 for 29.45%); callers say what a non-finite one means
 * @param digits - decimals of the percentage (default 1)
 * @example
 * formatPercent(2356 / 8000) // '29.5%'
 * formatPercent(22 / 30, 0) // '73%'
 */
export function formatPercent(share: number, digits = 1): string {
  const scale = 10 ** digits;
  const scaled = Number((share * 100 * scale).toPrecision(12));
  return `${(Math.round(scaled) / scale).toFixed(digits)}%`;
}
