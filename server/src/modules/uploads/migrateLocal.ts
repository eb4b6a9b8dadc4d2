/**
 * `portal migrate-uploads`: photos stored before the file store (DATA_DIR/uploads/<YYYY>/<MM>/<id>.<ext> on
 * one instance's disk) copied into the store (GridFS or S3) under the keys the service reads. Safe to run
 * again and while the portal serves: a photo already in the store is skipped, nothing is deleted.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppDeps } from '../../deps';
import { UploadModel } from './upload.model';
import { photoKey } from './upload.service';

export type PhotoMigration = { uploads: number; copied: number; alreadyStored: number; missing: string[] };

export async function migrateLocalPhotos(
  deps: Pick<AppDeps, 'files'>,
  dir: string,
  onProgress: (done: number) => void = () => undefined,
): Promise<PhotoMigration> {
  const out: PhotoMigration = { uploads: 0, copied: 0, alreadyStored: 0, missing: [] };
  for await (const u of UploadModel.find({}, { file: 1, thumb: 1, mime: 1 })
    .sort({ _id: 1 })
    .lean()
    .cursor()) {
    out.uploads++;
    for (const [file, mime] of [
      [u.file, u.mime],
      [u.thumb, 'image/jpeg'],
    ] as const) {
      const key = photoKey(file);
      if (await deps.files.exists(key)) {
        out.alreadyStored++;
        continue;
      }
      const bytes = await fs.readFile(path.join(dir, file)).catch(() => undefined);
      if (!bytes) {
        out.missing.push(file);
        continue;
      }
      await deps.files.put(key, bytes, mime);
      out.copied++;
    }
    onProgress(out.uploads);
  }
  return out;
}
