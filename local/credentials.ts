/**
 * The local cloud's key pair. Generated for each data directory on its first start and kept in
 * `<data>/credentials.json`, readable by its owner only: requests must be signed with it, so a web
 * page, which cannot read the file, cannot make the local cloud act (a well-known key pair would
 * let any page compute a presigned URL). `vod` reads it from the data directory it uses.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Credentials } from './auth/sigv4';

export const CREDENTIALS_FILE = 'credentials.json';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function accessKeyId(): string {
  const bytes = randomBytes(12);
  return `AKIAVODLOCAL${Array.from(bytes.subarray(0, 8), (b) => BASE32[b % 32]).join('')}`;
}

function isCredentials(value: unknown): value is Credentials {
  const candidate = value as Partial<Credentials> | null;
  return typeof candidate?.accessKeyId === 'string' && typeof candidate.secretAccessKey === 'string' && candidate.accessKeyId !== '';
}

/** The key pair of a data directory, or undefined when it has none (never started) or it cannot be read. */
export function readCredentials(dataDir: string): Credentials | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, CREDENTIALS_FILE), 'utf8'));
    return isCredentials(value) ? { accessKeyId: value.accessKeyId, secretAccessKey: value.secretAccessKey } : undefined;
  } catch {
    return undefined;
  }
}

/** The data directory's key pair, created on first use. */
export function dataDirCredentials(dataDir: string): Credentials {
  const existing = readCredentials(dataDir);
  if (existing) return existing;
  const credentials: Credentials = { accessKeyId: accessKeyId(), secretAccessKey: randomBytes(30).toString('base64url') };
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return credentials;
}
