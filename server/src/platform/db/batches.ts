/**
 * Walks a cursor `size` documents at a time: memory stays flat however many match. `onBatch` returning
 * false stops early (the cursor is closed either way). Returns how many documents were read.
 */
export async function forEachBatch<T>(
  cursor: AsyncIterable<T> & { close(): Promise<unknown> },
  size: number,
  onBatch: (batch: T[]) => Promise<void | boolean> | void | boolean,
): Promise<number> {
  let n = 0;
  let batch: T[] = [];
  try {
    for await (const doc of cursor) {
      n++;
      batch.push(doc);
      if (batch.length >= size) {
        const go = await onBatch(batch);
        batch = [];
        if (go === false) return n;
      }
    }
    if (batch.length) await onBatch(batch);
    return n;
  } finally {
    await cursor.close();
  }
}

/**
 * Reads by key in small $in lists, in parallel. The test stand-in matches `$in` by walking the list for every
 * document it returns (k keys cost ~k² comparisons: 2,000 keys took seconds, ten lists of 200 a tenth of
 * that), and on mongod a few small indexed lookups in parallel cost little more than one.
 */
export async function inChunks<T>(
  keys: string[],
  size: number,
  fn: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  return (await Promise.all(slices(keys, size).map(fn))).flat();
}

/** `list` in consecutive pieces of at most `size`. */
export function slices<T>(list: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, i * size + size),
  );
}

/**
 * Keys per `$in` list in a write that names many documents: a bulkWrite carries one statement per piece, in the
 * same round trip. On the stand-in (see inChunks) a batch's 200 keys as eight lists of 25 cost an eighth of the
 * comparisons of one list of 200; on mongod it makes no difference.
 */
export const IN_PIECE = 25;

/**
 * A find's first batch large enough for its whole answer (`.batchSize(WHOLE_ANSWER)`). mongod's first batch is 101
 * documents by default, and each getMore after it is one more round trip for the same request. For answers that are
 * bounded by what they ask (the keys of an $in, a feature's backlog) and made of small documents.
 */
export const WHOLE_ANSWER = 10_000;

/**
 * A list cut at `size` (a queue, an inbox): the query's first `size` documents, and whether more match. It reads one
 * document past the window, in the same round trip: the first batch holds them all (mongod's is 101 by default).
 */
export async function windowOf<T>(
  query: { limit(n: number): { batchSize(n: number): { lean<R>(): PromiseLike<R> } } },
  size: number,
): Promise<{ rows: T[]; more: boolean }> {
  const found = await query
    .limit(size + 1)
    .batchSize(size + 1)
    .lean<T[]>();
  return { rows: found.slice(0, size), more: found.length > size };
}
