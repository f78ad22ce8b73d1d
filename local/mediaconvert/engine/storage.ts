/**
 * How the engine reads inputs and writes outputs: S3 operations injected by its host. The local
 * cloud implements them over its S3 API; tests over a folder. The engine creates the parent folder
 * of every local path before it calls download.
 */
export interface JobStorage {
  /** Whether the object exists (a HEAD). */
  exists(s3Uri: string): Promise<boolean>;
  /** Copies the object to a local file. */
  download(s3Uri: string, localPath: string): Promise<void>;
  /** Stores a local file as the object. */
  upload(localPath: string, s3Uri: string, contentType?: string): Promise<void>;
}
