/**
 * A short-lived, per-process cache of the work-order configuration (node sequences, dispatch rules, SLA
 * policies), so filing an order does not read three rarely-changing collections every time.
 * A write through the config models in this process clears it at once (see config.model.ts); a change
 * made through another instance applies within CONFIG_CACHE_MS. Entries are handed out as copies, so a
 * caller cannot change what the next one reads.
 */
export const CONFIG_CACHE_MS = 5_000;

const entries = new Map<string, { at: number; value: Promise<unknown> }>();

export async function cachedConfig<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
  const now = performance.now();
  let e = entries.get(key);
  if (!e || now - e.at > CONFIG_CACHE_MS) {
    // A mongoose query runs once per then(): turned into one promise, shared by every reader.
    e = { at: now, value: Promise.resolve(load()) };
    entries.set(key, e);
    const mine = e;
    // A failed read is not remembered.
    mine.value.catch(() => entries.get(key) === mine && entries.delete(key));
  }
  return structuredClone((await e.value) as T);
}

export function forgetConfig(): void {
  entries.clear();
}
