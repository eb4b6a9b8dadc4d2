/**
 * Retention: records whose work is finished are deleted once older than a configured number of days, in
 * bounded batches, by scheduled sweeps (not TTL indexes: the period is a setting, and a sweep can be
 * run, watched and tested). Age is read from the `_id` (an ObjectId holds its creation time), so no extra
 * index is written on hot collections.
 */
import mongoose, { type Model } from 'mongoose';

const DAY_MS = 24 * 3600_000;

/** The ObjectId boundary of "created more than `days` days before `now`". */
export const createdBefore = (now: Date, days: number) =>
  mongoose.Types.ObjectId.createFromTime(Math.floor((now.getTime() - days * DAY_MS) / 1000));

/** Deletes the documents matching `filter` created before `cutoff`, `batch` at a time; returns how many. */
export async function pruneCreatedBefore<T>(
  model: Model<T>,
  cutoff: mongoose.Types.ObjectId,
  filter: Record<string, unknown>,
  batch = 5_000,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await model
      .find({ _id: { $lt: cutoff }, ...filter }, { _id: 1 })
      .limit(batch)
      .lean();
    if (!ids.length) return deleted;
    const r = await model.deleteMany({ _id: { $in: ids.map((d) => d._id) }, ...filter });
    deleted += r.deletedCount;
    if (ids.length < batch) return deleted;
  }
}
