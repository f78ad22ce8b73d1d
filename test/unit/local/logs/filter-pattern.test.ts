/** The filter patterns the local FilterLogEvents understands, and the ones it refuses by name. */
import { compileFilterPattern } from '../../../../local/logs/filter-pattern';

const LINES = [
  'START RequestId: 1 Version: $LATEST',
  JSON.stringify({ level: 'ERROR', message: 'Invocation failed', assetId: 'a-b-123', attempt: 2, error: { name: 'NotMedia' } }),
  JSON.stringify({ level: 'INFO', message: 'Probed asset a-b-123', assetId: 'a-b-123', attempt: 1 }),
  'END RequestId: 1',
];

const matching = (pattern: string) => LINES.filter(compileFilterPattern(pattern));

describe('compileFilterPattern', () => {
  it('matches every event with an empty pattern', () => {
    expect(LINES.filter(compileFilterPattern(undefined))).toEqual(LINES);
    expect(matching('  ')).toEqual(LINES);
  });

  it('matches events that contain every term and quoted phrase, case-sensitively', () => {
    expect(matching('RequestId 1')).toEqual([LINES[0], LINES[3]]);
    expect(matching('"Probed asset" a-b-123')).toEqual([LINES[2]]);
    expect(matching('requestid')).toEqual([]);
  });

  it('compares JSON properties with = and !=, nested, with wildcards, numbers and &&', () => {
    expect(matching('{ $.level = "ERROR" }')).toEqual([LINES[1]]);
    expect(matching('{ $.level != "ERROR" }')).toEqual([LINES[2]]);
    expect(matching('{ $.error.name = "Not*" }')).toEqual([LINES[1]]);
    expect(matching('{ $.attempt = 1 && $.assetId = "a-b-*" }')).toEqual([LINES[2]]);
    expect(matching('{ $.missing != "x" }')).toEqual([]);
  });

  it.each([
    ['?ERROR ?WARN', /\? alternatives/],
    ['-DEBUG', /- exclusions/],
    ['[ip, user, status]', /space-delimited/],
    ['%ERR.*%', /regular expressions/],
    ['{ $.level = "ERROR" || $.level = "WARN" }', /\|\| is not supported/],
    ['{ $.attempt > 1 }', /< and >/],
    ['{ level = "ERROR" }', /not a comparison/],
    ['"unbalanced', /unbalanced quote/],
  ])('refuses %s with an InvalidParameterException saying what is supported', (pattern, why) => {
    expect(() => compileFilterPattern(pattern)).toThrow(
      expect.objectContaining({ code: 'InvalidParameterException', message: expect.stringMatching(why) }),
    );
    expect(() => compileFilterPattern(pattern)).toThrow(/supports terms, "quoted phrases" and JSON comparisons/);
  });
});
