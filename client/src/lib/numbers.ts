/**
 * A whole number as people type it in Japan: full-width digits from the IME (１２３), thousands
 * separators (12,000 or １２，０００) and spaces are accepted; anything else is not a number.
 * Returns null for an empty text, NaN for a text that is not a whole number.
 */
export function parseWholeNumber(text: string): number | null {
  const half = text
    .normalize('NFKC')
    .replace(/[,\s]/g, '')
    .trim();
  if (half === '') return null;
  return /^\d+$/.test(half) ? Number(half) : Number.NaN;
}
