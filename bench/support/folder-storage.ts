/** A job storage on a local folder: s3://bucket/key is <root>/bucket/key (the engine benchmarks run jobs without a cloud). */
import { access, copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { JobStorage } from '../../local/mediaconvert/engine';

export class FolderStorage implements JobStorage {
  constructor(private readonly root: string) {}

  path(uri: string): string {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) throw new Error(`${uri} is not an s3://bucket/key URI`);
    return path.join(this.root, match[1], match[2]);
  }

  async exists(uri: string): Promise<boolean> {
    return access(this.path(uri)).then(
      () => true,
      () => false,
    );
  }

  async download(uri: string, localPath: string): Promise<void> {
    await copyFile(this.path(uri), localPath);
  }

  async upload(localPath: string, uri: string): Promise<void> {
    await mkdir(path.dirname(this.path(uri)), { recursive: true });
    await copyFile(localPath, this.path(uri));
  }
}
