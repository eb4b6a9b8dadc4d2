/**
 * Several instances share nothing but MongoDB (and the file store): a photo uploaded through one portal
 * process is served by another, each with its own DATA_DIR, as two machines behind a load balancer.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { makeStaff } from '../factories';
import { connectTestDb, createTestDeps, testConfig } from '../harness';
import { databaseUri, startPortalProcess, type PortalProcess } from '../processes';

const secrets = {
  SESSION_SECRET: randomBytes(32).toString('hex'),
  QR_SECRET: randomBytes(32).toString('hex'),
};
let db: Awaited<ReturnType<typeof connectTestDb>>;
let a: PortalProcess;
let b: PortalProcess;

beforeAll(async () => {
  db = await connectTestDb();
  const env = { MONGODB_URI: databaseUri(db.dbName), ...secrets };
  [a, b] = await Promise.all([startPortalProcess(env), startPortalProcess(env)]);
}, 300_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

it('serves a photo uploaded through instance A from instance B, full size, thumbnail and signed link', async () => {
  const deps = createTestDeps(testConfig(secrets));
  const technician = await makeStaff(deps, ['technician']);
  const auth = { authorization: `Bearer ${technician.token}` };
  const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#e63' } })
    .png()
    .toBuffer();

  const up = await fetch(`${a.url}/api/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'image/png' },
    body: photo,
  });
  expect(up.status).toBe(201);
  const uploaded = (await up.json()) as { id: string; url: string; thumbUrl: string };

  const fromA = Buffer.from(
    await (await fetch(`${a.url}/api/uploads/${uploaded.id}`, { headers: auth })).arrayBuffer(),
  );
  const full = await fetch(`${b.url}/api/uploads/${uploaded.id}`, { headers: auth });
  expect(full.status).toBe(200);
  expect(Buffer.from(await full.arrayBuffer()).equals(fromA)).toBe(true);

  const thumb = await fetch(`${b.url}${uploaded.thumbUrl}`); // the signed link A handed out, opened at B
  expect(thumb.status).toBe(200);
  expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('jpeg');

  // Neither instance wrote the photo to its own disk.
  for (const p of [a, b]) expect(fs.existsSync(path.join(p.dataDir, 'uploads'))).toBe(false);
});
