/**
 * findOneAndUpdate with `upsert` and `new`, for a document two callers may create at the same instant
 * (a day's first order number, the first reserved 户号). mongod answers the caller that lost the race to
 * insert with a duplicate-key error (11000); the SecantusDB stand-in applies it and answers with no document.
 * Either way the document exists now, and the update run once more updates it and returns it. On the
 * stand-in that applies a counter's $inc twice: a number is skipped, none is handed out twice. (A rate limit
 * counts attempts and must not skip: platform/rateLimit.ts reads the counter instead.)
 *
 *   const c = await upsertReturning(() => CounterModel.findOneAndUpdate({ _id }, { $inc: { n: 1 } }, { upsert: true, new: true }).lean());
 */
export async function upsertReturning<T>(run: () => PromiseLike<T | null>): Promise<T> {
  const again = async () => {
    const r = await run();
    if (r == null) throw new Error('upsert returned no document, twice');
    return r;
  };
  try {
    return (await run()) ?? (await again());
  } catch (e) {
    if ((e as { code?: number }).code === 11000) return again();
    throw e;
  }
}
