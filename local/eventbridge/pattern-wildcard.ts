/**
 * The `wildcard` operator of EventBridge event patterns: `*` stands for any run of characters
 * (empty included), `\*` for a literal star and `\\` for a literal backslash. Consecutive wildcards
 * and a backslash before any other character are refused, as EventBridge refuses them.
 */

/** A wildcard split at its stars: `a*b*c` is `['a', 'b', 'c']`; a value without stars is one literal. */
export interface Wildcard {
  readonly literals: readonly string[];
}

export type WildcardParse = { ok: true; wildcard: Wildcard } | { ok: false; problem: string };

export function parseWildcard(text: string): WildcardParse {
  const literals: string[] = [];
  let current = '';
  let previousWasStar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (previousWasStar) {
        return { ok: false, problem: `consecutive wildcard characters ("**") at position ${i - 1} are not allowed` };
      }
      literals.push(current);
      current = '';
      previousWasStar = true;
      continue;
    }
    previousWasStar = false;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') {
        const what = next === undefined ? 'nothing' : `"${next}"`;
        return {
          ok: false,
          problem: `a backslash may only escape "*" or "\\" but escapes ${what} at position ${i}`,
        };
      }
      current += next;
      i++;
      continue;
    }
    current += c;
  }
  literals.push(current);
  return { ok: true, wildcard: { literals } };
}

/**
 * Whether `value` matches the wildcard. Only `*` is special, so anchoring the first and last literals
 * and finding the middle ones left to right is exact, and linear (no backtracking, unlike a RegExp).
 */
export function matchesWildcard(wildcard: Wildcard, value: string): boolean {
  const { literals } = wildcard;
  if (literals.length === 1) return value === literals[0];
  const first = literals[0];
  const last = literals[literals.length - 1];
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const literal of literals.slice(1, -1)) {
    const found = value.indexOf(literal, position);
    if (found < 0 || found + literal.length > end) return false;
    position = found + literal.length;
  }
  return true;
}
