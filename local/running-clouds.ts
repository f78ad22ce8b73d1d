/**
 * The local clouds `vod local up` serves on this machine, whatever their port and data directory, so
 * that a command run elsewhere finds them instead of silently starting a cloud of its own. Each one
 * writes an entry named after its process id into a folder of this user's (VOD_RUNTIME_DIR, default
 * `<tmp>/vod-clouds-<uid>`) and removes it when it stops; an entry whose process died is ignored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive } from './data-dir-lock';
import { writeJsonFile } from './json-files';

export interface RunningCloud {
  pid: number;
  endpoint: string;
  dataDir: string;
  startedAt: string;
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return env.VOD_RUNTIME_DIR || path.join(os.tmpdir(), `vod-clouds-${uid}`);
}

/** Announces a cloud; the returned function withdraws it. */
export function registerRunningCloud(cloud: Omit<RunningCloud, 'pid' | 'startedAt'>, dir = runtimeDir()): () => void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${process.pid}.json`);
  writeJsonFile(file, { ...cloud, pid: process.pid, startedAt: new Date().toISOString() } satisfies RunningCloud);
  return () => fs.rmSync(file, { force: true });
}

/** The announced clouds whose process lives, oldest first. */
export function runningClouds(dir = runtimeDir()): RunningCloud[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const clouds: RunningCloud[] = [];
  for (const name of names) {
    try {
      const entry = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Partial<RunningCloud>;
      if (typeof entry.pid === 'number' && typeof entry.endpoint === 'string' && typeof entry.dataDir === 'string' && isAlive(entry.pid)) {
        clouds.push(entry as RunningCloud);
      }
    } catch {
      // Being written this instant, or left unreadable by a crash: not a cloud to use.
    }
  }
  return clouds.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
