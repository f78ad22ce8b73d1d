import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirInUse, dataDirOwner, lockDataDir } from '../../../local/data-dir-lock';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vod-lock-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const LOCK = () => path.join(dataDir, 'vod-local.lock');

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the data directory lock', () => {
  it('makes this process the owner, with its endpoint once known, until released', () => {
    // Act
    const lock = lockDataDir(dataDir);
    const starting = dataDirOwner(dataDir);
    lock.setEndpoint('http://127.0.0.1:4599');
    const serving = dataDirOwner(dataDir);
    lock.release();

    // Assess
    expect(starting).toMatchObject({ pid: process.pid });
    expect(starting?.endpoint).toBeUndefined();
    expect(serving).toMatchObject({ pid: process.pid, endpoint: 'http://127.0.0.1:4599' });
    expect(dataDirOwner(dataDir)).toBeUndefined();
    expect(fs.existsSync(LOCK())).toBe(false);
  });

  it('refuses a second owner while the first lives, saying where the first answers', () => {
    // Prepare
    const first = lockDataDir(dataDir);
    first.setEndpoint('http://127.0.0.1:4599');

    // Act
    let error: unknown;
    try {
      lockDataDir(dataDir);
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(error).toBeInstanceOf(DataDirInUse);
    expect((error as Error).message).toBe(
      `The data directory ${dataDir} is in use by the local cloud of process ${process.pid} at http://127.0.0.1:4599. ` +
        'Use that cloud (--endpoint http://127.0.0.1:4599), stop it, or give this one another data directory (--data-dir).',
    );
    expect(dataDirOwner(dataDir)).toMatchObject({ endpoint: 'http://127.0.0.1:4599' });
    first.release();
  });

  it('takes over the lock of a process that died without releasing it', () => {
    // Prepare
    fs.writeFileSync(LOCK(), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', endpoint: 'http://127.0.0.1:4599' }));

    // Act
    const ownerBefore = dataDirOwner(dataDir);
    const lock = lockDataDir(dataDir);

    // Assess
    expect(ownerBefore).toBeUndefined();
    expect(dataDirOwner(dataDir)).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over an unreadable lock left long ago, but not one being written', () => {
    // Prepare
    fs.writeFileSync(LOCK(), '');

    // Act
    const fresh = () => lockDataDir(dataDir);

    // Assess
    expect(fresh).toThrow(/being taken by another local cloud starting/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(LOCK(), old, old);
    const lock = lockDataDir(dataDir);
    expect(dataDirOwner(dataDir)).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('leaves alone a lock another owner took after it', () => {
    // Prepare: this process's lock replaced by a live owner's (the parent process)
    const lock = lockDataDir(dataDir);
    fs.writeFileSync(LOCK(), JSON.stringify({ pid: process.ppid, startedAt: 'now' }));

    // Act
    lock.setEndpoint('http://127.0.0.1:1');
    lock.release();

    // Assess
    expect(dataDirOwner(dataDir)).toEqual({ pid: process.ppid, startedAt: 'now' });
  });
});
