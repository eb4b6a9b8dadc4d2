/**
 * The durable outbox: every message to WeChat or another system, every delayed or scheduled job.
 *
 * Writing: `enqueue` in the same step as the state change that causes it. Without a transaction the
 * rule is "apply once, enqueue every time": the code path that applies a change (guarded, idempotent)
 * always enqueues afterwards with a dedupe key derived from the cause, so a retry after a crash between
 * the two writes the entry then, and a repeat never writes a second one. With a session (transaction)
 * pass it through and both commit together.
 *
 * Running: see worker.ts.
 */
import type { ClientSession } from 'mongoose';
import { currentWork } from '../context';
import { OutboxModel, type OutboxEntry } from './outbox.model';

export type EnqueueInput = {
  kind: string;
  dedupeKey: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  group?: string;
  /**
   * For causes that share one dedupe key where the earliest should win (its seq, say): when the key is
   * taken by a still-pending entry of a higher rank, this one's payload replaces it. Concurrent writers
   * then end with the lowest rank's payload whatever order they arrive in.
   */
  rank?: number;
};

/** The requestId of the request (or of the job's causing request) enqueueing now, stored on the entry. */
function causedBy(): { requestId?: string } {
  const requestId = currentWork()?.requestId;
  return requestId ? { requestId } : {};
}

/** Adds an entry unless one with the same dedupe key exists. Returns true when it was new. */
export async function enqueue(input: EnqueueInput, opts: { session?: ClientSession } = {}): Promise<boolean> {
  const res = await OutboxModel.updateOne(
    { dedupeKey: input.dedupeKey },
    {
      $setOnInsert: {
        kind: input.kind,
        dedupeKey: input.dedupeKey,
        payload: input.payload ?? {},
        status: 'pending',
        runAt: input.runAt ?? new Date(),
        attempts: 0,
        maxAttempts: input.maxAttempts ?? 10,
        ...(input.group ? { group: input.group } : {}),
        ...(input.rank !== undefined ? { rank: input.rank } : {}),
        ...causedBy(),
      },
    },
    { upsert: true, ...(opts.session ? { session: opts.session } : {}) },
  ).catch((e: { code?: number }) => {
    // Two concurrent upserts of one key: the loser sees 11000; the entry exists, which is the goal.
    if (e.code === 11000) return { upsertedCount: 0 };
    throw e;
  });
  if (res.upsertedCount === 1) return true;
  if (input.rank !== undefined)
    await OutboxModel.updateOne(
      { dedupeKey: input.dedupeKey, status: 'pending', rank: { $gt: input.rank } },
      { $set: { payload: input.payload ?? {}, rank: input.rank } },
      opts.session ? { session: opts.session } : {},
    );
  return false;
}

/** Many entries at once (fan-out); duplicates of existing keys are skipped. Returns how many were new. */
export async function enqueueMany(inputs: EnqueueInput[]): Promise<number> {
  if (!inputs.length) return 0;
  const now = new Date();
  const cause = causedBy();
  const docs = inputs.map((input) => ({
    kind: input.kind,
    dedupeKey: input.dedupeKey,
    payload: input.payload ?? {},
    status: 'pending',
    runAt: input.runAt ?? now,
    attempts: 0,
    maxAttempts: input.maxAttempts ?? 10,
    ...(input.group ? { group: input.group } : {}),
    ...cause,
    createdAt: now,
    updatedAt: now,
  }));
  // Plain inserts (the unique dedupe key refuses repeats) are several times cheaper than upserts.
  try {
    const res = await OutboxModel.collection.insertMany(docs, { ordered: false });
    return res.insertedCount;
  } catch (e) {
    const err = e as {
      code?: number;
      writeErrors?: { code: number }[] | { code: number };
      result?: { insertedCount?: number };
      insertedCount?: number;
    };
    const writeErrors = Array.isArray(err.writeErrors)
      ? err.writeErrors
      : err.writeErrors
        ? [err.writeErrors]
        : [];
    const onlyDuplicates =
      writeErrors.length > 0 ? writeErrors.every((w) => w.code === 11000) : err.code === 11000;
    if (!onlyDuplicates) throw e;
    return err.result?.insertedCount ?? err.insertedCount ?? 0;
  }
}

/** A job that runs every `everyMs` (reconciliation, reminders, SLA checks): one entry, rescheduled after each run. */
export async function ensureSchedule(
  kind: string,
  everyMs: number,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await OutboxModel.updateOne(
    { dedupeKey: `schedule:${kind}` },
    {
      $setOnInsert: {
        kind,
        dedupeKey: `schedule:${kind}`,
        payload,
        status: 'pending',
        runAt: new Date(),
        attempts: 0,
      },
      $set: { repeatEveryMs: everyMs, maxAttempts: 1_000_000 },
    },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
}

/** Cancels entries of a group that have not started (a cancelled notice stops its unsent pushes). */
export async function cancelGroup(group: string): Promise<number> {
  const res = await OutboxModel.updateMany({ group, status: 'pending' }, { $set: { status: 'cancelled' } });
  return res.modifiedCount;
}

/** Entries of a group by status, an entry of several recipients (`payload.userIds`) counting as that many. */
export async function groupProgress(group: string): Promise<Record<string, number>> {
  const rows = await OutboxModel.aggregate<{ _id: string; n: number }>([
    { $match: { group } },
    {
      $group: {
        _id: '$status',
        n: { $sum: { $cond: [{ $isArray: '$payload.userIds' }, { $size: '$payload.userIds' }, 1] } },
      },
    },
  ]);
  return Object.fromEntries(rows.map((r) => [r._id, r.n]));
}

export type { OutboxEntry };
