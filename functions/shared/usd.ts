/** US dollars as people read them: cents from a dollar up, four decimals below (a job of a few seconds costs fractions of a cent). */
export function formatUsd(usd: number): string {
  return `$${usd >= 1 ? usd.toFixed(2) : usd.toFixed(4)}`;
}
