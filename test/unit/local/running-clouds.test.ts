import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerRunningCloud, runningClouds, runtimeDir } from '../../../local/running-clouds';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-running-'));
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('running clouds', () => {
  it('lists a registered cloud until it withdraws', () => {
    // Act
    const withdraw = registerRunningCloud({ endpoint: 'http://127.0.0.1:5001', dataDir: '/data/a' }, dir);
    const listed = runningClouds(dir);
    withdraw();

    // Assess
    expect(listed).toEqual([{ pid: process.pid, endpoint: 'http://127.0.0.1:5001', dataDir: '/data/a', startedAt: expect.any(String) }]);
    expect(runningClouds(dir)).toEqual([]);
  });

  it('ignores the entry of a process that died, and an unreadable one', () => {
    // Prepare: a process id that cannot be alive (above the kernel's limit).
    fs.writeFileSync(
      path.join(dir, '4194305.json'),
      JSON.stringify({ pid: 4194305, endpoint: 'http://127.0.0.1:5002', dataDir: '/d', startedAt: '' }),
    );
    fs.writeFileSync(path.join(dir, '12.json'), '{"pid": 12, "endp');

    // Act / Assess
    expect(runningClouds(dir)).toEqual([]);
  });

  it('lists nothing when no cloud ever ran', () => {
    expect(runningClouds(path.join(dir, 'missing'))).toEqual([]);
  });

  it('keeps its folder per user, unless VOD_RUNTIME_DIR names one', () => {
    expect(runtimeDir({ VOD_RUNTIME_DIR: '/run/vod' })).toBe('/run/vod');
    expect(runtimeDir({})).toBe(path.join(os.tmpdir(), `vod-clouds-${process.getuid!()}`));
  });
});
