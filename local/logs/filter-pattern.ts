/**
 * The CloudWatch Logs filter patterns the local FilterLogEvents understands, a subset of AWS's:
 *
 * - empty: every event;
 * - terms and quoted phrases, all of which the message must contain (case-sensitive), e.g.
 *   `ERROR "asset a-b-123"`;
 * - one JSON property comparison, or several joined by `&&`, on messages that are JSON:
 *   `{ $.level = "ERROR" }`, `{ $.level != "DEBUG" && $.assetId = "a-*" }`, `{ $.attempt = 2 }`
 *   (`=` and `!=`; a string value may end or start with `*`; numbers, true, false, null).
 *
 * Anything else (`?` alternatives, `-` exclusions, space-delimited `[...]` patterns, regular
 * expressions, `||`, numeric `<`/`>`) is refused with an InvalidParameterException that says so.
 */
import { AwsError } from '../protocol/aws-error';

export type EventFilter = (message: string) => boolean;

const SUPPORTED =
  'the local CloudWatch Logs supports terms, "quoted phrases" and JSON comparisons such as { $.level = "ERROR" } (= and !=, joined by &&)';

const refuse = (pattern: string, why: string) =>
  new AwsError('InvalidParameterException', `Invalid filter pattern ${JSON.stringify(pattern)}: ${why}; ${SUPPORTED}.`);

/** Splits plain terms: words, and phrases in double quotes. */
function terms(pattern: string): string[] {
  const found: string[] = [];
  const token = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let match = token.exec(pattern); match; match = token.exec(pattern)) {
    if (match[1] !== undefined) {
      found.push(match[1].replace(/\\(.)/g, '$1'));
      continue;
    }
    const word = match[2];
    if (word.includes('"')) throw refuse(pattern, `an unbalanced quote in ${word}`);
    if (word.startsWith('?')) throw refuse(pattern, '? alternatives are not supported');
    if (word.startsWith('-')) throw refuse(pattern, '- exclusions are not supported');
    if (word.startsWith('%')) throw refuse(pattern, 'regular expressions are not supported');
    found.push(word);
  }
  return found;
}

function valueAt(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

type Comparison = (event: unknown) => boolean;

function comparison(pattern: string, text: string): Comparison {
  const match = /^\$((?:\.[A-Za-z_][\w-]*)+)\s*(=|!=)\s*(.+)$/.exec(text.trim());
  if (!match) throw refuse(pattern, `${JSON.stringify(text.trim())} is not a comparison of a property ($.name) with = or !=`);
  const path = match[1].slice(1).split('.');
  const equal = match[2] === '=';
  const literal = match[3].trim();
  let test: (value: unknown) => boolean;
  if (/^"(?:[^"\\]|\\.)*"$/.test(literal)) {
    const expected = JSON.parse(literal) as string;
    const escaped = expected.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    const wildcard = new RegExp(`^${escaped.join('.*')}$`);
    test = (value) => typeof value === 'string' && wildcard.test(value);
  } else if (/^-?\d+(\.\d+)?$/.test(literal)) {
    const expected = Number(literal);
    test = (value) => typeof value === 'number' && value === expected;
  } else if (literal === 'true' || literal === 'false' || literal === 'null') {
    const expected: unknown = JSON.parse(literal);
    test = (value) => value === expected;
  } else if (/^[A-Za-z_][\w-]*$/.test(literal)) {
    // AWS takes an unquoted word as a string.
    test = (value) => value === literal;
  } else {
    throw refuse(pattern, `${literal} is not a string, number, true, false or null`);
  }
  return (event) => {
    const value = valueAt(event, path);
    // A missing property matches neither = nor !=, as on AWS.
    if (value === undefined) return false;
    return test(value) === equal;
  };
}

/** The filter of a pattern, or an InvalidParameterException naming what is not supported. */
export function compileFilterPattern(pattern: string | undefined): EventFilter {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw refuse(text, 'a JSON pattern ends with }');
    const body = text.slice(1, -1);
    if (body.includes('||')) throw refuse(text, '|| is not supported');
    if (/[<>]/.test(body.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw refuse(text, 'numeric < and > comparisons are not supported');
    const comparisons = body.split('&&').map((part) => comparison(text, part.replace(/^\s*\(|\)\s*$/g, '')));
    return (message) => {
      let event: unknown;
      try {
        event = JSON.parse(message);
      } catch {
        return false;
      }
      return comparisons.every((matches) => matches(event));
    };
  }
  if (text.startsWith('[')) throw refuse(text, 'space-delimited [...] patterns are not supported');
  const wanted = terms(text);
  return (message) => wanted.every((term) => message.includes(term));
}
