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
