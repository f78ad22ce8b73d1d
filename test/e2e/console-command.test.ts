/**
 * `vod console` as a user runs it: it prints its URL on 127.0.0.1 and serves the page and the API
 * against its target until interrupted; `vod local up` serves the same console at /console.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import { startTestCloud, tempDataDir } from '../local/support';
import { startLocalUp } from './local-up-process';

const VOD = path.join(__dirname, '..', '..', 'cli', 'bin', 'vod.js');

/** Starts `vod console` and resolves with the URL it prints. */
function startConsole(args: string[]): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [VOD, 'console', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vod console printed no URL within 60 s:\n${stdout}\n${stderr}`));
    }, 60000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /serving at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vod console exited ${code} before serving:\n${stdout}\n${stderr}`));
    });
  });
}

describe('vod console', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });

  afterAll(async () => {
    await cloud?.stop();
    if (cloud) fs.rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  it('prints its URL on 127.0.0.1, serves the console against --endpoint, and stops on SIGINT', async () => {
    const started = await startConsole(['--port', '0', '--no-open', '--endpoint', cloud.endpoint]);

    try {
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(started.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/name="vod-console-token" content="[A-Za-z0-9_-]{43}"/);
      const list = await fetch(`${started.url}api/assets`);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ assets: [] });
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited).toBe(0);
  }, 90000);

  it('refuses a port that is not one', async () => {
    const child = spawn(process.execPath, [VOD, 'console', '--port', 'web', '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit)));

    expect(code).toBe(2);
    expect(stderr).toContain('--port web is not a port');
  });
});

describe('vod local up', () => {
  it('serves the console at /console on its endpoint', async () => {
    const dataDir = tempDataDir();
    const up = await startLocalUp(dataDir);
    try {
      const page = await fetch(`${up.endpoint}/console/`);
      const list = await fetch(`${up.endpoint}/console/api/assets`);
      const foreign = await fetch(`${up.endpoint}/console/api/assets`, { headers: { origin: 'http://evil.example' } });

      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<vod-console>');
      expect(list.status).toBe(200);
      expect(foreign.status).toBe(403);
    } finally {
      up.child.kill('SIGINT');
      await up.exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90000);
});
