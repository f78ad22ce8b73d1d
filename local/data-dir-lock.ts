/**
 * One local cloud per data directory: its databases and stores are not made to be shared between
 * processes (a second dynalite on the same files fails with "Database is closed"). The cloud that
 * owns a directory writes <dataDir>/vod-local.lock with its process id and endpoint; another start
 * on the directory is refused with where the running one answers, and `vod` uses that one. A lock
 * left by a process that died (kill -9, a crash) is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJsonFile } from './json-files';

export interface DataDirOwner {
  pid: number;
  startedAt: string;
  /** Set once the owner's gateway listens. */
  endpoint?: string;
}

export class DataDirInUse extends Error {
  readonly name = 'DataDirInUse';

  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    super(
      `The data directory ${dataDir} is in use by the local cloud of process ${owner.pid}` +
        (owner.endpoint ? ` at ${owner.endpoint}` : ' (still starting)') +
        '. Use that cloud' +
        (owner.endpoint ? ` (--endpoint ${owner.endpoint})` : '') +
        ', stop it, or give this one another data directory (--data-dir).',
    );
  }
}

export interface DataDirLock {
  /** Records where the owning cloud answers. */
  setEndpoint(endpoint: string): void;
  release(): void;
}

const UNREADABLE_LOCK_GRACE_MS = 10_000;

const lockFile = (dataDir: string) => path.join(dataDir, 'vod-local.lock');

/** Whether a process lives (under this user or another). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): DataDirOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DataDirOwner>;
    return typeof owner.pid === 'number' ? (owner as DataDirOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** The live local cloud that owns the directory, if any. */
export function dataDirOwner(dataDir: string): DataDirOwner | undefined {
  const owner = readOwner(lockFile(dataDir));
  return owner && isAlive(owner.pid) ? owner : undefined;
}

/** Takes the directory for this process; throws DataDirInUse if a live local cloud holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = lockFile(dataDir);
  let owner: DataDirOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  // Twice at most: the second attempt follows the removal of a dead owner's lock.
  for (let attempt = 1; ; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 2) throw error;
      const current = readOwner(file);
      if (current && isAlive(current.pid)) throw new DataDirInUse(dataDir, current);
      // Unreadable: being written this instant by another start, or cut short by a crash long ago.
      if (!current && Date.now() - fs.statSync(file).mtimeMs < UNREADABLE_LOCK_GRACE_MS) {
        throw new Error(`The data directory ${dataDir} is being taken by another local cloud starting; try again in a moment`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  const ours = () => readOwner(file)?.pid === process.pid;
  return {
    setEndpoint(endpoint) {
      owner = { ...owner, endpoint };
      if (ours()) writeJsonFile(file, owner);
    },
    release() {
      if (ours()) fs.rmSync(file, { force: true });
    },
  };
}
