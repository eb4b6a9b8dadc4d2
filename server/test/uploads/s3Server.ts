/**
 * A real S3-compatible server for the storage tests: moto's server mode (PyPI, pinned), installed on first
 * use into .venv/moto (a few minutes once; later runs start it in a second or two). It speaks the S3 REST
 * protocol with SigV4 signatures, as MinIO, COS and OSS do.
 */
import { spawn } from 'node:child_process';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ensurePythonTool, freePort } from '../../src/platform/db/embeddedMongo';

const MOTO = ['moto[s3]==5.2.5', 'flask==3.1.3', 'flask-cors==6.0.5'];

export type S3Server = {
  endpoint: string;
  env(bucket: string): Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
};

export async function startS3Server(): Promise<S3Server> {
  const bin = ensurePythonTool('moto', MOTO, 'moto_server', 'moto 5.2.5 (S3-compatible test server)', (m) =>
    process.stderr.write(`${m}\n`),
  );
  const port = await freePort();
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(endpoint).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`moto_server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret' };
  return {
    endpoint,
    env: (bucket) => ({
      FILE_STORAGE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'cn-north-1',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    createBucket: async (name) => {
      const client = new S3Client({ endpoint, region: 'cn-north-1', forcePathStyle: true, credentials });
      await client.send(
        new CreateBucketCommand({
          Bucket: name,
          CreateBucketConfiguration: { LocationConstraint: 'cn-north-1' },
        }),
      );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
