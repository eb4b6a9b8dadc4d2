/**
 * `portal migrate-uploads`: photos uploaded before the file store (files under DATA_DIR/uploads on one
 * instance's disk) are copied into the store by the CLI, after which any instance serves them; a photo
 * whose file is gone is reported, and a second run copies nothing twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { migrateLocalPhotos } from '../../src/modules/uploads';
import { UploadModel } from '../../src/modules/uploads/upload.model';
import { makeStaff } from '../factories';
import { connectTestDb, startTestServer, type TestServer } from '../harness';
import { databaseUri, runCli } from '../processes';

let t: TestServer;
// A CLI child process (tsx compiles the server on start): slow on a busy machine.
jest.setTimeout(240_000);
const oldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'old-uploads-'));
beforeAll(async () => {
  t = await startTestServer({ db: await connectTestDb() });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(oldDir, { recursive: true, force: true });
});

/** An upload as the portal stored it before: record in MongoDB, files under <dir>/<YYYY>/<MM>/. */
async function oldUpload(ownerId: string, withFiles: boolean): Promise<{ id: string; full: Buffer }> {
  const id = new mongoose.Types.ObjectId();
  const full = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#36c' } })
    .png()
    .toBuffer();
  const thumb = await sharp(full).jpeg().toBuffer();
  fs.mkdirSync(path.join(oldDir, '2026', '05'), { recursive: true });
  if (withFiles) {
    fs.writeFileSync(path.join(oldDir, '2026', '05', `${id}.png`), full);
    fs.writeFileSync(path.join(oldDir, '2026', '05', `${id}.thumb.jpg`), thumb);
  }
  await UploadModel.create({
    _id: id,
    owner: { kind: 'staff', id: ownerId },
    mime: 'image/png',
    size: full.length,
    width: 64,
    height: 64,
    sha256: 'x',
    file: `2026/05/${id}.png`,
    thumb: `2026/05/${id}.thumb.jpg`,
  });
  return { id: String(id), full };
}

it('copies the old local photos into the file store, reports the missing ones, and copies nothing twice', async () => {
  const staff = await makeStaff(t.deps, ['technician']);
  const kept = await oldUpload(staff.staffId, true);
  const lost = await oldUpload(staff.staffId, false);
  const photo = () =>
    fetch(`${t.url}/api/uploads/${kept.id}`, { headers: { authorization: `Bearer ${staff.token}` } });
  expect((await photo()).status).toBe(404); // not in the store yet

  const run = await runCli(['migrate-uploads', '--dir', oldDir], { MONGODB_URI: databaseUri(t.dbName) });
  expect(run.output).toMatch(/2 uploads: 2 files copied, 0 already in the store, 2 missing on disk/);
  expect(run.output).toContain(`missing: 2026/05/${lost.id}.png`);
  expect(run.code).toBe(1); // something could not be migrated: the operator must look

  const served = await photo();
  expect(served.status).toBe(200);
  expect(Buffer.from(await served.arrayBuffer()).equals(kept.full)).toBe(true);

  const again = await migrateLocalPhotos(t.deps, oldDir);
  expect(again).toMatchObject({ uploads: 2, copied: 0, alreadyStored: 2 });
});
