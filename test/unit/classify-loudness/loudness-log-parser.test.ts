import * as fs from 'node:fs';
import * as path from 'node:path';
import { loudnessValue, parseLoudnessLog, splitCsvLine } from '../../../functions/classify-loudness/loudness-log-parser';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'loudness', name), 'utf8');
const HEADER = 'Seconds,InputIntegratedLoudness,InputMomentaryLoudness,InputShortTermLoudness,InputTruePeak,InputLoudnessRange,InputMaxLoudness';

describe('parseLoudnessLog', () => {
  it('reads Input Max Loudness from the last row of an audible track, past early non-numeric cells', () => {
    // Act
    const parsed = parseLoudnessLog(fixture('audible.csv'), 'audible.csv');

    // Assess
    expect(parsed).toEqual({ maxLoudness: -9.87, column: 6, line: 10 });
  });

  it('reads the digital silence MediaConvert measures', () => {
    expect(parseLoudnessLog(fixture('silent.csv'), 'silent.csv').maxLoudness).toBe(-143.268118);
  });

  it('finds the column by its header name, in CRLF files with quoted cells', () => {
    expect(parseLoudnessLog(fixture('named-column.csv'), 'named-column.csv')).toEqual({ maxLoudness: -37.25, column: 1, line: 4 });
  });

  it('reads negative infinity as -Infinity', () => {
    expect(parseLoudnessLog(fixture('negative-infinity.csv'), 'negative-infinity.csv').maxLoudness).toBe(Number.NEGATIVE_INFINITY);
  });

  it('takes the last row with a numeric value when the final rows are incomplete', () => {
    const text = `${HEADER}\n0.4,N/A,N/A,N/A,N/A,N/A,N/A\n0.8,-30,-30,-30,-6,1,-18.5\n1.2,N/A,N/A,N/A,N/A,N/A,N/A\n1.6,-29\n\n`;

    expect(parseLoudnessLog(text, 'cut.csv')).toEqual({ maxLoudness: -18.5, column: 6, line: 3 });
  });

  it('reads column 6 of a log without a header row', () => {
    expect(parseLoudnessLog('0.4,1,2,3,4,5,-20.25\n0.8,1,2,3,4,5,-19.75\n', 'headerless.csv').maxLoudness).toBe(-19.75);
  });

  it('reads column 6 when the header does not name Input Max Loudness', () => {
    const text = 'Time,A,B,C,D,E,F,G\n0.4,-1,-2,-3,-4,-5,-6.5,-7\n';

    expect(parseLoudnessLog(text, 'other.csv')).toMatchObject({ maxLoudness: -6.5, column: 6 });
  });

  it('names the file when no row has a numeric value', () => {
    expect(() => parseLoudnessLog(fixture('no-values.csv'), 's3://out/tmp/loudness/a/clip_loudness.3.csv')).toThrow(
      expect.objectContaining({
        name: 'LoudnessLogUnreadable',
        message: expect.stringContaining(
          's3://out/tmp/loudness/a/clip_loudness.3.csv has no numeric Input Max Loudness value in "InputMaxLoudness" (column 6)',
        ),
      }),
    );
  });

  it('fails on an empty log', () => {
    expect(() => parseLoudnessLog('', 'empty.csv')).toThrow(/empty\.csv has no numeric/);
  });
});

describe('loudnessValue', () => {
  it.each([
    ['-23.5', -23.5],
    [' -143.268118 ', -143.268118],
    ['0', 0],
    ['-1e1', -10],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['N/A', undefined],
    ['nan', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %p', (cell, expected) => {
    expect(loudnessValue(cell)).toBe(expected);
  });
});

describe('splitCsvLine', () => {
  it('keeps commas and doubled quotes inside quoted cells', () => {
    expect(splitCsvLine('a,"b, c","d ""e""", f')).toEqual(['a', 'b, c', 'd "e"', 'f']);
  });
});
