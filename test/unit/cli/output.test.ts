import { formatTable, seconds } from '../../../cli/output';
import { UsageError, parse } from '../../../cli/args';

describe('formatTable', () => {
  it('aligns columns to the widest cell and upper-cases the headings', () => {
    const text = formatTable(
      [
        { asset: 'a-1', status: 'COMPLETE' },
        { asset: 'longer-id', status: 'FAILED' },
      ],
      ['asset', 'status'],
    );
    expect(text.split('\n')).toEqual(['ASSET      STATUS', 'a-1        COMPLETE', 'longer-id  FAILED']);
  });
});

describe('seconds', () => {
  it('prints milliseconds as seconds with one decimal, and nothing for unknown', () => {
    expect(seconds(10_040)).toBe('10.0s');
    expect(seconds(undefined)).toBe('');
  });
});

describe('parse', () => {
  it('reads the global options every command takes', () => {
    const parsed = parse(['x', '--json', '--data-dir', '/tmp/d', '--wait'], { wait: { type: 'boolean' } }, 'vod x');
    expect(parsed.global).toMatchObject({ json: true, dataDir: '/tmp/d', aws: false });
    expect(parsed.values.wait).toBe(true);
    expect(parsed.positionals).toEqual(['x']);
  });

  it('turns an unknown option into a usage error that shows the usage', () => {
    expect(() => parse(['--nope'], {}, 'vod assets get <assetId>')).toThrow(UsageError);
    expect(() => parse(['--nope'], {}, 'vod assets get <assetId>')).toThrow(/usage: vod assets get <assetId>/);
  });
});
