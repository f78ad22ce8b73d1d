import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { MEDIAINFO_WASM, PipelineFunction } from '../../infra/lib/functions';
import { DEFAULT_SETTINGS, ROOT, type ResourceNames } from '../../infra/wiring';
import { cdkJsonContext } from './synth';

const names: ResourceNames = {
  ingestBucket: 'ingest',
  recordingBucket: 'recordings',
  outputBucket: 'outputs',
  assetsBucket: 'assets',
  assetTable: 'asset-table',
  taskTokenTable: 'token-table',
  mediaConvertRoleArn: 'arn:aws:iam::111122223333:role/mediaconvert',
  stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:vod',
};

describe('the bundled probe function', () => {
  let outdir: string;
  let bundle: string;

  beforeAll(() => {
    // The probe function alone, bundled for real with the stack's bundling settings (esbuild, locally).
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-bundle-'));
    const app = new App({ outdir, context: cdkJsonContext() });
    const stack = new Stack(app, 'Bundle', { env: { account: '111122223333', region: 'eu-west-1' } });
    const probe = new PipelineFunction(stack, 'Probe', {
      name: 'probe',
      names,
      settings: DEFAULT_SETTINGS,
      logRetention: RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const assembly = app.synth();
    const code = stack.resolve((probe.function.node.defaultChild as CfnFunction).code) as { s3Key: string };
    const hash = code.s3Key.replace(/\.zip$/, '');
    bundle = path.join(assembly.directory, `asset.${hash}`);
  }, 120_000);

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("carries MediaInfo's WebAssembly module next to its handler, byte for byte", () => {
    // Act
    const files = fs.readdirSync(bundle).sort();

    // Assess
    expect(files).toEqual(['index.js', 'index.js.map', MEDIAINFO_WASM].sort());
    const original = fs.readFileSync(path.join(ROOT, 'node_modules', 'mediainfo.js', 'dist', MEDIAINFO_WASM));
    expect(fs.readFileSync(path.join(bundle, MEDIAINFO_WASM)).equals(original)).toBe(true);
  });

  it('is a minified CommonJS module that exports the handler and loads on its own', () => {
    // Prepare
    const index = path.join(bundle, 'index.js');
    const probe = `const m = require(${JSON.stringify(index)}); process.stdout.write(typeof m.handler);`;

    // Act: a fresh Node process, outside the repository's node_modules (the AWS SDK is inside the bundle).
    const exported = execFileSync(process.execPath, ['-e', probe], {
      cwd: outdir,
      env: { PATH: process.env.PATH, ASSET_TABLE: 'asset-table', AWS_REGION: 'eu-west-1', NODE_PATH: '' },
      encoding: 'utf8',
    });

    // Assess
    expect(exported).toBe('function');
    const code = fs.readFileSync(index, 'utf8');
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
  });

  it("bundles MediaInfo's Node build, which loads its WebAssembly from the file beside the handler", () => {
    const sources = (JSON.parse(fs.readFileSync(path.join(bundle, 'index.js.map'), 'utf8')) as { sources: string[] }).sources;

    const mediainfo = sources.filter((source) => source.includes('node_modules/mediainfo.js/'));
    expect(mediainfo.some((source) => source.includes('/dist/cjs/'))).toBe(true);
    expect(mediainfo.some((source) => /esm|browser/.test(source))).toBe(false);
  });
});
