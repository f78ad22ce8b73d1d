import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_PATTERNS, resolveSettings, type EventPattern, type PipelineSettings, type ResourceNames } from '../../../infra/wiring';
import {
  InvalidEventPatternException,
  assertValidPattern,
  compilePattern,
  matchesPattern,
  validatePattern,
} from '../../../local/eventbridge/pattern';
import { objectCreated, recordingEnd, sampleEvent } from '../../support/events';

interface OperatorRow {
  operator: string;
  pattern: EventPattern;
  event: Record<string, unknown>;
  matches: boolean;
  doc: string;
}

const table = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'event-patterns', 'operators.json'), 'utf8')) as OperatorRow[];

const names: ResourceNames = {
  ingestBucket: 'vod-ingest',
  recordingBucket: 'vod-recordings',
  outputBucket: 'vod-outputs',
  assetsBucket: 'vod-assets',
  assetTable: 'vod-assets-table',
  taskTokenTable: 'vod-task-tokens',
  mediaConvertRoleArn: 'arn:aws:iam::000000000000:role/mediaconvert',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:vod-pipeline',
};

type Json = Record<string, unknown>;

describe('EventBridge operators (table from the EventBridge documentation)', () => {
  it('covers every operator with a matching and a non-matching row', () => {
    const operators = [
      'exact',
      'null',
      'empty',
      'and',
      'or',
      'array',
      'nested',
      'prefix',
      'prefix-ignore-case',
      'suffix',
      'suffix-ignore-case',
      'equals-ignore-case',
      'anything-but',
      'anything-but-list',
      'anything-but-prefix',
      'anything-but-suffix',
      'anything-but-ignore-case',
      'anything-but-wildcard',
      'numeric',
      'exists',
      'wildcard',
      'cidr',
      '$or',
    ];
    for (const operator of operators) {
      const outcomes = table.filter((row) => row.operator === operator).map((row) => row.matches);
      expect({ operator, positive: outcomes.includes(true), negative: outcomes.includes(false) }).toEqual({
        operator,
        positive: true,
        negative: true,
      });
    }
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  it.each(table.map((row) => [row.operator, row.matches ? 'matches' : 'does not match', row.doc, row] as const))(
    '%s %s: %s',
    (_operator, _outcome, _doc, row) => {
      // Prepare
      const problems = validatePattern(row.pattern);

      // Act
      const matched = matchesPattern(row.pattern, row.event);

      // Assess
      expect(problems).toEqual([]);
      expect(matched).toBe(row.matches);
    },
  );
});

describe('matching details', () => {
  it('finds fields inside nested event arrays', () => {
    expect(matchesPattern({ detail: { ids: [3] } }, { detail: { ids: [[1, 2], [3]] } })).toBe(true);
    expect(matchesPattern({ detail: { ids: [4] } }, { detail: { ids: [[1, 2], [3]] } })).toBe(false);
  });

  it('matches anything-but against each value of an event array', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'stopped' }] } };
    expect(matchesPattern(pattern, { detail: { state: ['stopped', 'running'] } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { state: ['stopped'] } })).toBe(false);
  });

  it('treats exists false as no value at that path anywhere in the event', () => {
    const pattern = { detail: { items: { error: [{ exists: false }] } } };
    expect(matchesPattern(pattern, { detail: { items: [{ id: 1 }, { id: 2 }] } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { items: [] } })).toBe(true);
    expect(matchesPattern(pattern, {})).toBe(true);
    expect(matchesPattern(pattern, { detail: { items: [{ id: 1 }, { id: 2, error: 'x' }] } })).toBe(false);
  });

  it('nests $or inside a $or branch', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }],
    };
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2', spaceId: 1 })).toBe(false);
  });

  it('reads only fields of the event itself, not inherited properties', () => {
    expect(matchesPattern({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ toString: [{ exists: false }] }, { a: 1 })).toBe(true);
  });

  it('matches keys with spaces, "+", ":" and accents exactly', () => {
    const key = 'uploads/Été 2024: clip+final.mov';
    expect(matchesPattern({ key: [key] }, { key })).toBe(true);
    expect(matchesPattern({ key: [key] }, { key: 'uploads/%C3%89t%C3%A9+2024%3A+clip%2Bfinal.mov' })).toBe(false);
    expect(matchesPattern({ key: [{ wildcard: 'uploads/*: clip+*.mov' }] }, { key })).toBe(true);
  });

  it('compiles once and matches many events', () => {
    const match = compilePattern({ detail: { status: ['COMPLETE'] } });
    expect([{ detail: { status: 'COMPLETE' } }, { detail: { status: 'ERROR' } }, 'not an event'].map(match)).toEqual([true, false, false]);
  });
});

describe('the rules of infra/wiring.ts', () => {
  describe('upload', () => {
    const settings = resolveSettings({ ingestPrefix: 'uploads/' });
    const pattern = EVENT_PATTERNS.upload(names, settings);

    it.each([
      ['uploads/clip.MP4', true],
      ['uploads/clip.mp4', true],
      ['uploads/Été 2024: clip+final.mov', true],
      ['uploads/a/b/c.mxf', true],
      ['uploads/notes.txt', false],
      ['uploads/clip.Mp4', false],
      ['other/clip.mp4', false],
      ['uploads/clip.mp4.part', false],
    ])('%s -> %s', (key, expected) => {
      expect(matchesPattern(pattern, objectCreated(names.ingestBucket, key))).toBe(expected);
    });

    it('ignores uploads to another bucket', () => {
      expect(matchesPattern(pattern, objectCreated('someone-else', 'uploads/clip.MP4'))).toBe(false);
    });

    it('takes the whole bucket when the prefix is empty, and escapes a prefix with wildcard characters', () => {
      const whole = EVENT_PATTERNS.upload(names, resolveSettings({ ingestPrefix: '' }));
      const starred = EVENT_PATTERNS.upload(names, resolveSettings({ ingestPrefix: 'a*b/' }));
      expect(matchesPattern(whole, objectCreated(names.ingestBucket, 'clip.mov'))).toBe(true);
      expect(matchesPattern(starred, objectCreated(names.ingestBucket, 'a*b/clip.mov'))).toBe(true);
      expect(matchesPattern(starred, objectCreated(names.ingestBucket, 'axxb/clip.mov'))).toBe(false);
    });

    it('reads the unchanged AWS sample: its bucket matches, its key `example-key` only with a `-key` suffix', () => {
      const sample = sampleEvent('s3/eventbridge-object-created.awsdocs-current-event-version-1.1.json');
      const sampleNames = { ...names, ingestBucket: 'amzn-s3-demo-bucket1' };
      expect(matchesPattern(EVENT_PATTERNS.upload(sampleNames, resolveSettings()), sample)).toBe(false);
      expect(matchesPattern(EVENT_PATTERNS.upload(sampleNames, resolveSettings({ ingestSuffixes: ['-key'] })), sample)).toBe(true);
    });
  });

  describe('recordingEnd', () => {
    const prefix = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs';
    const channel = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';

    it('matches a Recording End into the recording bucket, for every channel by default', () => {
      const pattern = EVENT_PATTERNS.recordingEnd(names, resolveSettings());
      expect(matchesPattern(pattern, recordingEnd(names.recordingBucket, prefix))).toBe(true);
      expect(matchesPattern(pattern, recordingEnd('another-bucket', prefix))).toBe(false);
    });

    it('matches only the configured channels when some are given', () => {
      const event = recordingEnd(names.recordingBucket, prefix);
      const ours = EVENT_PATTERNS.recordingEnd(names, resolveSettings({ ivsChannelArns: [channel] }));
      const others = EVENT_PATTERNS.recordingEnd(names, resolveSettings({ ivsChannelArns: ['arn:aws:ivs:us-west-2:123456789012:channel/Other'] }));
      expect(matchesPattern(ours, event)).toBe(true);
      expect(matchesPattern(others, event)).toBe(false);
    });

    it('does not match Recording Start', () => {
      const start = sampleEvent<Json & { detail: Json }>('ivs/eventbridge-recording-start.awsdocs.json');
      start.detail = { ...start.detail, recording_s3_bucket_name: names.recordingBucket };
      const pattern = EVENT_PATTERNS.recordingEnd(names, resolveSettings({ ivsChannelArns: [channel] }));
      expect(matchesPattern(pattern, start)).toBe(false);
    });
  });

  describe('jobStateChange', () => {
    const settings: PipelineSettings = resolveSettings({ pipelineName: 'vod-pipeline' });
    const pattern = EVENT_PATTERNS.jobStateChange(names, settings);
    const tagged = (file: string, pipeline: string): Json => {
      const event = sampleEvent<Json & { detail: Json }>(`mediaconvert/${file}`);
      event.detail = { ...event.detail, userMetadata: { pipeline, assetId: 's3-abc' } };
      return event;
    };

    it("matches this pipeline's COMPLETE, ERROR and PROGRESSING events", () => {
      expect(matchesPattern(pattern, tagged('file-group.complete.json', 'vod-pipeline'))).toBe(true);
      expect(matchesPattern(pattern, tagged('ev_status_error.json', 'vod-pipeline'))).toBe(true);
      expect(matchesPattern(pattern, tagged('ev_status_progressing.json', 'vod-pipeline'))).toBe(true);
    });

    it("ignores another pipeline's jobs and untagged jobs", () => {
      expect(matchesPattern(pattern, tagged('file-group.complete.json', 'another-pipeline'))).toBe(false);
      expect(matchesPattern(pattern, sampleEvent('mediaconvert/file-group.complete.json'))).toBe(false);
    });

    it('ignores statuses the pipeline does not wait for', () => {
      expect(matchesPattern(pattern, tagged('ev_status_input_information.json', 'vod-pipeline'))).toBe(false);
    });
  });

  describe('executionStatus', () => {
    const pattern = EVENT_PATTERNS.executionStatus(names);
    const execution = (status: string, redriveCount: number, stateMachineArn = names.stateMachineArn): Json => ({
      version: '0',
      id: '315c1398-40ff-a850-213b-158f73e60175',
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:states:us-east-1:000000000000:execution:vod-pipeline:s3-abc'],
      detail: {
        executionArn: 'arn:aws:states:us-east-1:000000000000:execution:vod-pipeline:s3-abc',
        stateMachineArn,
        name: 's3-abc',
        status,
        startDate: 1704067200000,
        stopDate: status === 'RUNNING' ? null : 1704067260000,
        input: '{}',
        output: null,
        redriveCount,
      },
    });

    it.each([
      ['FAILED', 0, true],
      ['TIMED_OUT', 0, true],
      ['ABORTED', 0, true],
      ['RUNNING', 0, false],
      ['RUNNING', 1, true],
      ['SUCCEEDED', 0, true],
      ['SUCCEEDED', 2, true],
    ])('%s with redriveCount %d -> %s', (status, redriveCount, expected) => {
      expect(matchesPattern(pattern, execution(status, redriveCount))).toBe(expected);
    });

    it("ignores another state machine's executions", () => {
      const other = 'arn:aws:states:us-east-1:000000000000:stateMachine:other';
      expect(matchesPattern(pattern, execution('FAILED', 0, other))).toBe(false);
    });
  });

  it('are all valid patterns', () => {
    const settings = resolveSettings({ ivsChannelArns: ['arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij'] });
    for (const build of Object.values(EVENT_PATTERNS)) {
      expect(validatePattern(build(names, settings))).toEqual([]);
    }
  });
});

describe('validation', () => {
  it.each([
    ['a value that is not an array', { source: 'aws.s3' }, 'source: must be an object or an array'],
    ['an unknown operator', { detail: { status: [{ contains: 'COMPLETE' }] } }, 'detail.status[0] "contains": unknown operator'],
    ['a numeric value that is not a number', { n: [{ numeric: ['>', 'zero'] }] }, 'n[0] "numeric": the value after ">" must be a number'],
    ['an unknown numeric comparison', { n: [{ numeric: ['~', 1] }] }, 'unknown comparison "~"'],
    ['a range with its upper bound first', { n: [{ numeric: ['<', 10, '>', 0] }] }, 'a range starts with its lower bound'],
    ['an empty range', { n: [{ numeric: ['>', 10, '<', 5] }] }, 'the lower bound 10 must be less than the upper bound 5'],
    ['a numeric operand of the wrong length', { n: [{ numeric: ['>', 0, '<'] }] }, 'expects [operator, number]'],
    ['a number out of range', { n: [{ numeric: ['=', 1e10] }] }, 'outside the supported range'],
    ['more than six decimals', { n: [{ numeric: ['=', 0.1234567] }] }, 'more than 6 decimal places'],
    [
      'consecutive wildcards',
      { key: [{ wildcard: 'uploads/**.mp4' }] },
      'key[0] "wildcard": pattern "uploads/**.mp4": consecutive wildcard characters',
    ],
    ['a backslash escaping another character', { key: [{ wildcard: 'a\\b*' }] }, 'a backslash may only escape'],
    ['consecutive wildcards in anything-but', { key: [{ 'anything-but': { wildcard: '**' } }] }, 'consecutive wildcard characters'],
    ['an empty array', { source: [] }, 'source: empty arrays are not allowed'],
    ['an empty object', { detail: {} }, 'detail: empty objects are not allowed'],
    ['an empty pattern', {}, 'the pattern: empty objects are not allowed'],
    ['a nested array as a value', { source: [['aws.s3']] }, 'source[0]: values to match must be'],
    ['two operators in one object', { key: [{ prefix: 'a', suffix: 'b' }] }, 'exactly one key, not 2 (prefix, suffix)'],
    ['exists that is not a boolean', { key: [{ exists: 'yes' }] }, 'key[0] "exists": expects true or false'],
    ['a malformed CIDR block', { ip: [{ cidr: '10.0.0.0/33' }] }, 'ip[0] "cidr": expects an IPv4 or IPv6 CIDR block'],
    ['an anything-but list of mixed types', { s: [{ 'anything-but': ['a', 1] }] }, 'a list of only strings or only numbers'],
    ['an anything-but with an unknown form', { s: [{ 'anything-but': { contains: 'x' } }] }, '"contains" is not one of them'],
    ['an empty anything-but prefix', { s: [{ 'anything-but': { prefix: '' } }] }, '{ "prefix": ... } must not be empty'],
    ['a prefix that is not a string', { s: [{ prefix: 1 }] }, 's[0] "prefix": expects a string or { "equals-ignore-case": string }'],
    ['a $or with a single branch', { $or: [{ a: ['x'] }] }, '$or: $or must be an array of at least 2 objects'],
    ['a $or that is not an array', { detail: { $or: { a: ['x'] } } }, 'detail.$or: $or must be an array'],
    ['an operator name as a field inside $or', { $or: [{ numeric: [1] }, { b: ['y'] }] }, '$or[0].numeric: "numeric" is an operator'],
    ['a pattern that is not an object', ['aws.s3'], 'the pattern must be a JSON object, not an array'],
  ])('refuses %s', (_what, pattern, message) => {
    // Act
    const problems = validatePattern(pattern);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reports every problem of a pattern', () => {
    const problems = validatePattern({ source: 'aws.s3', detail: { key: [{ wildcard: '**' }], n: [{ numeric: [] }] } });
    expect(problems).toHaveLength(3);
  });

  it('throws InvalidEventPatternException with the problems when asserting or compiling', () => {
    const pattern = { detail: { key: [{ wildcard: 'a**' }] } };
    const expected = {
      name: 'InvalidEventPatternException',
      message: expect.stringMatching(/^Event pattern is not valid\. Reason: detail\.key\[0\] "wildcard": .*consecutive/),
    };
    expect(() => assertValidPattern(pattern)).toThrow(InvalidEventPatternException);
    expect(() => assertValidPattern(pattern)).toThrow(expect.objectContaining(expected));
    expect(() => compilePattern(pattern)).toThrow(expect.objectContaining(expected));
  });

  it('refuses to match with a malformed pattern rather than never matching', () => {
    expect(() => matchesPattern({ source: 'aws.s3' }, { source: 'aws.s3' })).toThrow(InvalidEventPatternException);
  });

  it('accepts every documented operator form', () => {
    const pattern = {
      a: ['x', 1, true, false, null],
      b: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: 'x' }, { suffix: { 'equals-ignore-case': 'x' } }],
      c: [{ 'equals-ignore-case': 'x' }, { wildcard: 'a*b\\*c\\\\' }, { cidr: '::ffff:10.0.0.0/120' }],
      d: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }],
      e: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: ['x', 'y'] } }],
      f: [{ 'anything-but': { wildcard: '*/lib/*' } }, { 'anything-but': { 'equals-ignore-case': ['x'] } }],
      g: [{ numeric: ['=', 3.018e2] }, { numeric: ['>=', -5e9, '<', 5e9] }, { exists: true }],
      $or: [{ h: [{ exists: false }] }, { i: { j: ['k'] } }],
    };
    expect(validatePattern(pattern)).toEqual([]);
  });
});
