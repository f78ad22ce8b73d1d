import { formatDuration, formatTime, prettyJson } from '../../../console/web/execution/formatting';

describe('formatDuration', () => {
  it.each([
    [250, '250 ms'],
    [4000, '4.0 s'],
    [95000, '1 min 35 s'],
    [7500000, '2 h 5 min'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatTime', () => {
  it('writes the UTC time of day of an ISO timestamp, and leaves anything else as it is', () => {
    expect(formatTime('2026-12-03T14:10:36.250Z')).toBe('14:10:36.250');
    expect(formatTime('soon')).toBe('soon');
  });
});

describe('prettyJson', () => {
  it('indents JSON and leaves other text as it is', () => {
    expect(prettyJson('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson('not json')).toBe('not json');
  });
});
