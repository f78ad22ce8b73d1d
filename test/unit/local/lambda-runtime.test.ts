import type { FunctionSpec } from '../../../infra/wiring';
import { DEFAULT_SETTINGS } from '../../../infra/wiring';
import { LambdaRuntime, sharedEnvironment } from '../../../local/lambda/runtime';
import { localResourceNames } from '../../../local/resources';

const CREDENTIALS = { accessKeyId: 'AKIAVODLOCALTEST0000', secretAccessKey: 'local-secret' };

const names = localResourceNames();

function spec(entry: string, environment: Record<string, string> = {}, timeoutSeconds = 5): FunctionSpec {
  return { entry, description: entry, timeoutSeconds, memoryMb: 256, environment: () => environment };
}

function runtime(modules: Record<string, unknown>, functions: Record<string, FunctionSpec>, concurrency?: number) {
  return new LambdaRuntime({
    names,
    settings: DEFAULT_SETTINGS,
    region: 'us-east-1',
    accountId: '000000000000',
    functions,
    concurrency,
    loadModule: (entry) => {
      if (!(entry in modules)) throw new Error(`Cannot find module '${entry}'`);
      return modules[entry] as { handler?: unknown };
    },
  });
}

describe('sharedEnvironment', () => {
  it("merges the wiring's environments and refuses two values for one variable", () => {
    const merged = sharedEnvironment({ a: spec('a', { X: '1', Y: '2' }), b: spec('b', { X: '1', Z: '3' }) }, names, DEFAULT_SETTINGS);
    const conflict = () => sharedEnvironment({ a: spec('a', { X: '1' }), b: spec('b', { X: '2' }) }, names, DEFAULT_SETTINGS);

    expect(merged).toEqual({ X: '1', Y: '2', Z: '3' });
    expect(conflict).toThrow(/functions a and b set X differently/);
  });
});

describe('LambdaRuntime', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('invokes the handler by ARN with a JSON copy of the payload, its environment and a Lambda context', async () => {
    // Prepare
    const handler = jest.fn(
      async (
        event: { n: number },
        context: { functionName: string; invokedFunctionArn: string; getRemainingTimeInMillis(): number; memoryLimitInMB: string },
      ) => ({
        doubled: event.n * 2,
        table: process.env.ASSET_TABLE,
        endpoint: process.env.AWS_ENDPOINT_URL,
        fn: context.functionName,
        arn: context.invokedFunctionArn,
        memory: context.memoryLimitInMB,
        remaining: context.getRemainingTimeInMillis() > 0,
        skipped: undefined,
      }),
    );
    const lambda = runtime(
      { 'functions/probe/handler.ts': { handler } },
      { probe: spec('functions/probe/handler.ts', { ASSET_TABLE: 'vod-assets' }) },
    );
    const payload = { n: 21 };
    lambda.start('http://127.0.0.1:4566', CREDENTIALS);

    // Act
    const result = await lambda.invoke('arn:aws:lambda:us-east-1:000000000000:function:vod-probe', payload);

    // Assess
    expect(result).toEqual({
      ok: true,
      payload: {
        doubled: 42,
        table: 'vod-assets',
        endpoint: 'http://127.0.0.1:4566',
        fn: 'vod-probe',
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:vod-probe',
        memory: '256',
        remaining: true,
      },
    });
    expect(handler.mock.calls[0][0]).not.toBe(payload);
  });

  it("returns a thrown error in the Lambda service's shape", async () => {
    class NotMedia extends Error {
      readonly name = 'NotMedia';
    }
    const lambda = runtime(
      {
        p: {
          handler: async () => {
            throw new NotMedia('clip.mp4 is not a media file');
          },
        },
      },
      { probe: spec('p') },
    );

    const result = await lambda.invoke('vod-probe', {});

    expect(result).toMatchObject({ ok: false, errorType: 'NotMedia', errorMessage: 'clip.mp4 is not a media file' });
    expect(result.ok === false && result.trace?.[0]).toContain('NotMedia');
  });

  it('times a slow handler out as Lambda does', async () => {
    const lambda = runtime({ p: { handler: () => new Promise(() => undefined) } }, { probe: spec('p', {}, 0.05) });

    const result = await lambda.invoke('probe', {});

    expect(result).toEqual({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.05 seconds', trace: expect.any(Array) });
  });

  it('reports a missing module, a missing handler and an unknown function', async () => {
    const lambda = runtime({ nohandler: {} }, { probe: spec('missing'), register: spec('nohandler') });

    const missing = await lambda.invoke('vod-probe', {});
    const noHandler = await lambda.invoke('vod-register', {});
    const unknown = lambda.invoke('vod-nothing', {});

    expect(missing).toMatchObject({ ok: false, errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringContaining('Cannot find module') });
    expect(noHandler).toMatchObject({ ok: false, errorType: 'Runtime.HandlerNotFound' });
    // A service error, not the function's: thrown, as the Lambda API answers it.
    await expect(unknown).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringContaining('vod-probe') });
  });

  it('runs at most `concurrency` invocations at once', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const handler = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return null;
    };
    const lambda = runtime({ p: { handler } }, { probe: spec('p') }, 2);

    // Act
    const results = await Promise.all(Array.from({ length: 6 }, () => lambda.invoke('vod-probe', {})));

    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    expect(most).toBe(2);
  });

  it("points the functions' playback URLs at the endpoint's playback route, unless the wiring names a base", () => {
    // Prepare
    delete process.env.PLAYBACK_BASE_URL;
    const local = runtime({}, { 'job-events': spec('j') });
    const configured = runtime({}, { 'job-events': spec('j', { PLAYBACK_BASE_URL: 'https://cdn.example.com' }) });

    // Act
    local.start('http://127.0.0.1:4566', CREDENTIALS);
    const started = process.env.PLAYBACK_BASE_URL;
    local.stop();
    configured.start('http://127.0.0.1:4566', CREDENTIALS);
    const wired = process.env.PLAYBACK_BASE_URL;
    configured.stop();

    // Assess
    expect(started).toBe('http://127.0.0.1:4566/_vod/play');
    expect(wired).toBe('https://cdn.example.com');
    expect(process.env.PLAYBACK_BASE_URL).toBeUndefined();
  });

  it('restores the environment it changed when stopped', () => {
    process.env.AWS_ENDPOINT_URL = 'http://elsewhere';
    delete process.env.ASSET_TABLE;
    const lambda = runtime({}, { probe: spec('p', { ASSET_TABLE: 'vod-assets' }) });

    lambda.start('http://127.0.0.1:1', CREDENTIALS);
    const during = [process.env.AWS_ENDPOINT_URL, process.env.ASSET_TABLE];
    lambda.stop();

    expect(during).toEqual(['http://127.0.0.1:1', 'vod-assets']);
    expect(process.env.AWS_ENDPOINT_URL).toBe('http://elsewhere');
    expect(process.env.ASSET_TABLE).toBeUndefined();
  });
});

describe('LambdaRuntime.stop', () => {
  it('ends a running invocation with an error rather than leaving it pending', async () => {
    const lambda = runtime({ p: { handler: () => new Promise(() => undefined) } }, { probe: spec('p', {}, 900) });
    lambda.start('http://127.0.0.1:1', CREDENTIALS);

    const pending = lambda.invoke('vod-probe', {});
    await new Promise((resolve) => setImmediate(resolve));
    await lambda.stop(10);

    await expect(pending).resolves.toMatchObject({ ok: false, errorMessage: 'The local Lambda service stopped during the invocation' });
  });

  it('waits for a handler still running to finish before it returns, so none works on after the stop', async () => {
    // Prepare
    let finished = false;
    const handler = () => new Promise((resolve) => setTimeout(() => resolve((finished = true)), 50));
    const lambda = runtime({ p: { handler } }, { probe: spec('p', {}, 900) });
    lambda.start('http://127.0.0.1:1', CREDENTIALS);
    const pending = lambda.invoke('vod-probe', {});
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    await lambda.stop();

    // Assess
    expect(finished).toBe(true);
    await expect(pending).resolves.toMatchObject({ ok: false });
  });
});
