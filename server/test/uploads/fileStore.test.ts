/**
 * Photos live in a store every instance shares: GridFS in the portal's MongoDB by default, or an
 * S3-compatible store (here moto's S3 server, speaking the real protocol with SigV4 signatures).
 * The same contract holds for both; a photo uploaded through the portal lands in the store, not on disk.
 */
import fs from 'node:fs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import mongoose from 'mongoose';
import sharp from 'sharp';
import type { FileStore } from '../../src/platform/storage/fileStore';
import { createFileStore } from '../../src/platform/storage/fileStore';
import { makeStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { startS3Server, type S3Server } from './s3Server';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
  await s3.createBucket('portal-photos');
}, 600_000); // the first run installs moto
afterAll(() => s3?.stop());

const png = (color: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: color } })
    .png()
    .toBuffer();

describe.each([
  ['GridFS', () => createFileStore(testConfig())],
  [
    'S3-compatible',
    () => createFileStore(testConfig({ ...s3.env('portal-photos'), S3_PREFIX: 'tenant-a/' })),
  ],
] as const)('the %s file store', (_name, make) => {
  let t: TestServer;
  let store: FileStore;
  beforeAll(async () => {
    t = await startTestServer(); // connects the database GridFS uses
    store = make();
  });
  afterAll(() => t.close());

  it('gives back exactly the bytes stored under a key, and nothing for a key never stored', async () => {
    const bytes = await png('#c33');
    await store.put('photos/2026/12/a.png', bytes, 'image/png');
    expect(await store.exists('photos/2026/12/a.png')).toBe(true);
    expect((await store.get('photos/2026/12/a.png'))!.equals(bytes)).toBe(true);
    expect(await store.get('photos/2026/12/never.png')).toBeUndefined();
    expect(await store.exists('photos/2026/12/never.png')).toBe(false);
  });

  it('replaces what a key held when it is stored again, and forgets it when deleted', async () => {
    await store.put('photos/2026/12/b.png', Buffer.from('first'), 'image/png');
    await store.put('photos/2026/12/b.png', Buffer.from('second'), 'image/png');
    expect((await store.get('photos/2026/12/b.png'))!.toString()).toBe('second');
    if (store.kind === 'gridfs') {
      expect(
        await mongoose.connection
          .collection('files.files')
          .countDocuments({ filename: 'photos/2026/12/b.png' }),
      ).toBe(1);
    }
    await store.delete('photos/2026/12/b.png');
    expect(await store.get('photos/2026/12/b.png')).toBeUndefined();
  });
});

describe('photos uploaded through the portal', () => {
  it('land in GridFS by default, not on the instance disk', async () => {
    const t = await startTestServer();
    try {
      const staff = await makeStaff(t.deps, ['technician']);
      const up = await t.api('POST', '/api/uploads', {
        token: staff.token,
        rawBody: await png('#3a3'),
        headers: { 'content-type': 'image/png' },
      });
      expect(up.status).toBe(201);
      const stored = await mongoose.connection
        .collection('files.files')
        .find({ filename: { $regex: up.body.id } })
        .toArray();
      expect(stored.map((f) => f.filename).sort()).toEqual([
        expect.stringMatching(new RegExp(`^photos/\\d{4}/\\d{2}/${up.body.id}\\.png$`)),
        expect.stringMatching(new RegExp(`^photos/\\d{4}/\\d{2}/${up.body.id}\\.thumb\\.jpg$`)),
      ]);
      expect(fs.existsSync(`${t.deps.config.dataDir}/uploads`)).toBe(false);
      const back = await fetch(`${t.url}/api/uploads/${up.body.id}`, {
        headers: { authorization: `Bearer ${staff.token}` },
      });
      expect(back.status).toBe(200);
      expect((await sharp(Buffer.from(await back.arrayBuffer())).metadata()).width).toBe(40);
    } finally {
      await t.close();
    }
  });

  it('land in the S3 bucket (under its prefix) with FILE_STORAGE=s3, and are served back from there', async () => {
    const t = await startTestServer({
      deps: createTestDeps(testConfig({ ...s3.env('portal-photos'), S3_PREFIX: 'portal/' })),
    });
    try {
      const staff = await makeStaff(t.deps, ['technician']);
      const up = await t.api('POST', '/api/uploads', {
        token: staff.token,
        rawBody: await png('#33c'),
        headers: { 'content-type': 'image/png' },
      });
      expect(up.status).toBe(201);
      const raw = new S3Client({
        endpoint: s3.endpoint,
        region: 'cn-north-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'k', secretAccessKey: 's' },
      });
      const listed = await raw.send(
        new ListObjectsV2Command({ Bucket: 'portal-photos', Prefix: 'portal/photos/' }),
      );
      const keys = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(up.body.id));
      expect(keys.sort()).toEqual([expect.stringMatching(/\.png$/), expect.stringMatching(/\.thumb\.jpg$/)]);
      expect(
        await mongoose.connection
          .collection('files.files')
          .countDocuments({ filename: { $regex: up.body.id } }),
      ).toBe(0);

      const thumb = await fetch(`${t.url}/api/uploads/${up.body.id}/thumb`, {
        headers: { authorization: `Bearer ${staff.token}` },
      });
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    } finally {
      await t.close();
    }
  });
});
