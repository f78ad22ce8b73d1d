/**
 * The local Lambda's logs: what each invocation prints, kept in its function's log stream between
 * START and END/REPORT lines, apart from what other invocations print at the same time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../infra/wiring';
import type { FunctionSpec } from '../../../infra/wiring';
import { LambdaRuntime } from '../../../local/lambda/runtime';
import { logTail } from '../../../local/lambda/service';
import { LogStore } from '../../../local/logs/store';
import { localResourceNames } from '../../../local/resources';

const CREDENTIALS = { accessKeyId: 'AKIAVODLOCALTEST0000', secretAccessKey: 'local-secret' };

const spec = (entry: string): FunctionSpec => ({ entry, description: entry, timeoutSeconds: 5, memoryMb: 512, environment: () => ({}) });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler that prints a JSON line, waits (so invocations overlap), and prints another. */
const chatty = (name: string) => async (event: { n: number }) => {
  process.stdout.write(`${JSON.stringify({ level: 'INFO', message: `${name} start ${event.n}` })}\n`);
  await pause(20);
  process.stderr.write(`${JSON.stringify({ level: 'WARN', message: `${name} end ${event.n}` })}\n`);
  return event.n;
};

let dataDir: string;
let lambda: LambdaRuntime;
// Kept quiet: the runtime keeps what the handlers print, the terminal need not show it.
const quiet = [
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true),
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true),
];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-lambda-logs-'));
});

afterEach(async () => {
  await lambda.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

afterAll(() => quiet.forEach((spy) => spy.mockRestore()));

describe('the local Lambda runtime with a data directory', () => {
  it("keeps each invocation's lines in its own function's stream, between START and REPORT, while others run at once", async () => {
    // Prepare
    lambda = new LambdaRuntime({
      names: localResourceNames(),
      settings: DEFAULT_SETTINGS,
      region: 'us-east-1',
      accountId: '000000000000',
      functions: { probe: spec('p'), register: spec('r') },
      loadModule: (entry) => ({ handler: chatty(entry) }),
      dataDir,
    });
    lambda.start('http://127.0.0.1:4566', CREDENTIALS);

    // Act
    const results = await Promise.all([
      lambda.invoke('vod-probe', { n: 1 }),
      lambda.invoke('vod-register', { n: 2 }),
      lambda.invoke('vod-probe', { n: 3 }),
    ]);
    const store = new LogStore(dataDir);
    const [stream] = store.streams('/aws/lambda/vod-probe');
    const probe = store.read('/aws/lambda/vod-probe', stream.name).map((event) => event.message);
    const register = store.read('/aws/lambda/vod-register', store.streams('/aws/lambda/vod-register')[0].name).map((event) => event.message);

    // Assess
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(store.streams('/aws/lambda/vod-probe')).toHaveLength(1);
    expect(stream.name).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(probe.filter((line) => line.startsWith('START'))).toHaveLength(2);
    expect(probe.filter((line) => line.includes('"level"'))).toEqual(
      expect.arrayContaining([
        JSON.stringify({ level: 'INFO', message: 'p start 1' }),
        JSON.stringify({ level: 'WARN', message: 'p end 1' }),
        JSON.stringify({ level: 'INFO', message: 'p start 3' }),
        JSON.stringify({ level: 'WARN', message: 'p end 3' }),
      ]),
    );
    expect(probe.some((line) => line.includes('r start'))).toBe(false);
    expect(register).toEqual([
      expect.stringMatching(/^START RequestId: \S+ Version: \$LATEST$/),
      JSON.stringify({ level: 'INFO', message: 'r start 2' }),
      JSON.stringify({ level: 'WARN', message: 'r end 2' }),
      expect.stringMatching(/^END RequestId: /),
      expect.stringMatching(/^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB$/),
    ]);
    expect(results[1].log).toBe(`${register.join('\n')}\n`);
  });
});

describe('logTail', () => {
  it('is the base64 of the last 4 KB of the log', () => {
    // Prepare
    const log = `${'a'.repeat(5000)}tail`;

    // Act
    const tail = Buffer.from(logTail(log), 'base64').toString('utf8');

    // Assess
    expect(tail).toHaveLength(4096);
    expect(tail.endsWith('atail')).toBe(true);
  });
});
