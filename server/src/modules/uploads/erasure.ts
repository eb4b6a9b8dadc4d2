/**
 * Removing photos: for a resident's 注销 and for the retention sweep of photos nobody used. Bytes go first,
 * then the record, so a crash in between leaves a record the next run deletes again (never bytes that no
 * record leads to). A photo on a household's record (an order, a meter reading) is the household's and
 * stays, no longer naming who took it.
 */
import type mongoose from 'mongoose';
import type { AppDeps } from '../../deps';
import { UploadModel } from './upload.model';
import { photoKey } from './upload.service';

/** Stands in for the owner of a photo whose uploader deleted their account. */
export const ERASED_OWNER = 'erased';

async function deleteUploads(deps: AppDeps, filter: Record<string, unknown>, limit = 500): Promise<number> {
  let deleted = 0;
  for (;;) {
    const docs = await UploadModel.find(filter, { file: 1, thumb: 1 }).limit(limit).lean();
    if (!docs.length) return deleted;
    for (const d of docs) {
      await deps.files.delete(photoKey(d.file));
      await deps.files.delete(photoKey(d.thumb));
    }
    const r = await UploadModel.deleteMany({ _id: { $in: docs.map((d) => d._id) }, ...filter });
    deleted += r.deletedCount;
    if (docs.length < limit) return deleted;
  }
}

export async function forgetUploader(deps: AppDeps, userId: string): Promise<Record<string, number>> {
  const mine = { 'owner.kind': 'resident', 'owner.id': userId };
  const deleted = await deleteUploads(deps, { ...mine, accountNos: { $size: 0 } });
  const kept = await UploadModel.updateMany(mine, { $set: { 'owner.id': ERASED_OWNER } });
  return { photosDeleted: deleted, photosDetached: kept.modifiedCount };
}

/**
 * Photos created before `cutoff` that no household record uses, except those `stillUsed` names (chat
 * images, which the chat feature knows of): deleted. Returns how many.
 */
export async function pruneUnusedUploads(
  deps: AppDeps,
  cutoff: mongoose.Types.ObjectId,
  stillUsed: (ids: string[]) => Promise<Set<string>>,
  batch = 500,
): Promise<number> {
  let deleted = 0;
  let after: mongoose.Types.ObjectId | undefined;
  for (;;) {
    const idRange = after ? { $lt: cutoff, $gt: after } : { $lt: cutoff };
    const candidates = await UploadModel.find({ _id: idRange, accountNos: { $size: 0 } }, { _id: 1 })
      .sort({ _id: 1 })
      .limit(batch)
      .lean();
    if (!candidates.length) return deleted;
    after = candidates[candidates.length - 1]._id;
    const used = await stillUsed(candidates.map((c) => String(c._id)));
    const unused = candidates.filter((c) => !used.has(String(c._id))).map((c) => c._id);
    if (unused.length)
      deleted += await deleteUploads(deps, { _id: { $in: unused }, accountNos: { $size: 0 } });
    if (candidates.length < batch) return deleted;
  }
}
