/**
 * The storage port for files (photos now; documents and imports can use it too): bytes by key, shared by
 * every instance, never the local disk of one. GridFS in the portal's own MongoDB by default (nothing new
 * to run), or any S3-compatible store (MinIO, Tencent COS, Alibaba OSS, AWS S3) with FILE_STORAGE=s3.
 *
 * Keys are paths such as `photos/2026/12/<id>.jpg`: the caller names the kind of file first.
 */
import type { Config } from '@portal/config';
import { gridFsStore } from './gridfsStore';
import { s3Store } from './s3Store';

export type FileStore = {
  kind: 'gridfs' | 's3';
  /** Stores the bytes under the key, replacing what was there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes under the key, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
};

export function createFileStore(config: Config): FileStore {
  if (config.FILE_STORAGE === 's3') {
    return s3Store({
      bucket: config.S3_BUCKET!,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      prefix: config.S3_PREFIX,
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
          : undefined,
    });
  }
  return gridFsStore();
}
