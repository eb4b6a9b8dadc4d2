/**
 * What the code running now works for: a request (its requestId and operationId) or an outbox job
 * (its kind and id, and the requestId of the request that enqueued it). Kept in AsyncLocalStorage, so
 * every log line written on the way carries it (log.ts) and the outbox stores the requestId with the
 * entries a request enqueues: a log search for one requestId finds the request and the work it caused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Work = {
  requestId?: string;
  operationId?: string;
  outboxKind?: string;
  outboxId?: string;
  /** Database round trips so far, when commands are monitored (db/roundTrips.ts). */
  roundTrips?: number;
};

const storage = new AsyncLocalStorage<Work>();

export const currentWork = (): Work | undefined => storage.getStore();

/** Runs fn with `work` as the current work; what runs inside may add to it (operationId, round trips). */
export function runAsWork<T>(work: Work, fn: () => T): T {
  return storage.run(work, fn);
}

/** The fields of the current work that log lines carry. */
export function workLogFields(): Record<string, string> {
  const w = storage.getStore();
  if (!w) return {};
  const out: Record<string, string> = {};
  if (w.requestId) out.requestId = w.requestId;
  if (w.operationId) out.operationId = w.operationId;
  if (w.outboxKind) out.outboxKind = w.outboxKind;
  if (w.outboxId) out.outboxId = w.outboxId;
  return out;
}
