/**
 * Files in GridFS (bucket `files`) on the portal's own MongoDB connection: every instance that shares the
 * database shares the files. One key is one GridFS filename; `put` writes a new revision and then removes
 * the older ones, so a repeated put (a re-run migration) leaves one copy.
 */
import mongoose, { mongo } from 'mongoose';
import type { FileStore } from './fileStore';

const BUCKET = 'files';

/**
 * One bucket per database handle. A bucket's first upload checks the bucket's indexes (a read of one file, and
 * the indexes built when there is none); a bucket made per call checked again on every photo uploaded.
 */
let current: { db: mongo.Db; bucket: mongo.GridFSBucket } | undefined;

function bucket(): mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('GridFS: the database is not connected');
  if (current?.db !== db) current = { db, bucket: new mongo.GridFSBucket(db, { bucketName: BUCKET }) };
  return current.bucket;
}

export function gridFsStore(): FileStore {
  const revisions = (key: string) =>
    bucket()
      .find({ filename: key }, { sort: { uploadDate: -1 }, projection: { _id: 1 } })
      .toArray();
  return {
    kind: 'gridfs',
    async put(key, bytes, contentType) {
      const b = bucket();
      const upload = b.openUploadStream(key, { metadata: { contentType } });
      await new Promise<void>((resolve, reject) => {
        upload.once('finish', () => resolve());
        upload.once('error', reject);
        upload.end(bytes);
      });
      for (const old of await revisions(key)) {
        if (!old._id.equals(upload.id)) await b.delete(old._id).catch(() => undefined);
      }
    },
    async get(key) {
      const [latest] = await revisions(key);
      if (!latest) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of bucket().openDownloadStream(latest._id)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async exists(key) {
      return (await revisions(key)).length > 0;
    },
    async delete(key) {
      const b = bucket();
      for (const f of await revisions(key)) await b.delete(f._id).catch(() => undefined);
    },
  };
}
