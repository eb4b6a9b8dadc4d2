/**
 * Files in an S3-compatible object store through @aws-sdk/client-s3: MinIO (S3_FORCE_PATH_STYLE=true),
 * Tencent COS (https://cos.<region>.myqcloud.com), Alibaba OSS (https://oss-<region>.aliyuncs.com), AWS S3.
 *
 * Checksums are sent only where S3 requires them: since 2025 the SDK adds CRC32 trailers to every upload
 * by default, which several S3-compatible stores refuse.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from './fileStore';

// Loaded on first use: the SDK is large, and only FILE_STORAGE=s3 needs it.
type Sdk = typeof import('@aws-sdk/client-s3');
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'));

export type S3Settings = {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Put before every key, e.g. `portal/`, when the bucket is shared. */
  prefix?: string;
  /** Omitted: the SDK's default chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

const missing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
};

export function s3Store(s: S3Settings): FileStore {
  let client: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  const connect = () =>
    (client ??= loadSdk().then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: s.region,
        endpoint: s.endpoint,
        forcePathStyle: s.forcePathStyle,
        credentials: s.credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
      }),
    })));
  const Key = (key: string) => `${s.prefix ?? ''}${key}`;
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      const { sdk, client } = await connect();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: s.bucket,
          Key: Key(key),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.length,
        }),
      );
    },
    async get(key) {
      const { sdk, client } = await connect();
      try {
        const res = await client.send(new sdk.GetObjectCommand({ Bucket: s.bucket, Key: Key(key) }));
        return res.Body ? Buffer.from(await res.Body.transformToByteArray()) : undefined;
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    async exists(key) {
      const { sdk, client } = await connect();
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket: s.bucket, Key: Key(key) }));
        return true;
      } catch (e) {
        if (missing(e)) return false;
        throw e;
      }
    },
    async delete(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: s.bucket, Key: Key(key) }));
    },
  };
}
