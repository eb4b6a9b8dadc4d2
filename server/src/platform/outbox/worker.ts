/**
 * Runs outbox entries. Any number of workers in any number of processes:
 * - claim: one atomic findOneAndUpdate moves a due entry to `running` with a fresh lease token and
 *   lease deadline, so two workers never hold one entry; a dead worker's entry is claimable again
 *   once its lease has passed;
 * - complete: guarded by the lease token, so a worker that lost its lease cannot finish (or fail)
 *   an entry another worker has taken over;
 * - failure: PermanentError stops at once (status `failed`); anything else is retried with exponential
 *   backoff and full jitter up to maxAttempts; RetryLater asks for a specific delay (rate limits).
 *
 * The unavoidable at-least-once window: a handler that completed its external effect and died before
 * `complete` is run again after the lease. Handlers make that harmless by keying their effect on the
 * entry (idempotency key, or a check of recorded state before acting).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { runAsWork } from '../context';
import { outboxFailures } from '../metrics';
import { OutboxModel, type OutboxEntry } from './outbox.model';

export class PermanentError extends Error {
  constructor(
    message: string,
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

export class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    message = 'retry later',
    /** Does this retry count against maxAttempts? Rate limiting does not. */
    readonly countsAsAttempt = false,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

export type JobContext = {
  entry: OutboxEntry;
  /** Extends the lease for long jobs; returns false when the lease was lost (stop working). */
  heartbeat(): Promise<boolean>;
  workerId: string;
};

export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<unknown>;

export type WorkerOptions = {
  handlers: Record<string, JobHandler>;
  workerId?: string;
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Only claim these kinds (default: every kind with a handler; other kinds are left for other workers). */
  kinds?: string[];
  onError?: (entry: OutboxEntry, error: unknown) => void;
};

export type Worker = {
  id: string;
  start(): void;
  stop(): Promise<void>;
  /** Runs due entries until none is left (tests, CLI). Returns how many ran. */
  drain(opts?: { maxMs?: number }): Promise<number>;
  runOnce(): Promise<boolean>;
};

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function createWorker(opts: WorkerOptions): Worker {
  const id = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 500;
  const concurrency = opts.concurrency ?? 4;
  const baseMs = opts.backoffBaseMs ?? 1_000;
  const maxMs = opts.backoffMaxMs ?? 10 * 60_000;
  const kinds = new Set(opts.kinds ?? Object.keys(opts.handlers));
  const batchSize = Math.max(8, concurrency * 4);

  let running = false;
  let wake: (() => void) | undefined;
  const loops: Promise<void>[] = [];

  // Candidates are found in batches (one indexed query) and then claimed one by one by _id with a
  // state-guarded update, so the claim itself stays atomic while the search cost is shared by the batch.
  type Candidate = { _id: OutboxEntry['_id']; expired: boolean };
  let candidates: Candidate[] = [];
  let refilling: Promise<void> | undefined;
  let lastExpiredCheck = 0;

  async function refill(): Promise<void> {
    const now = new Date();
    const due = await OutboxModel.find({ status: 'pending', runAt: { $lte: now } }, { _id: 1, kind: 1 })
      .sort({ runAt: 1 })
      .limit(batchSize)
      .lean();
    let found: Candidate[] = due
      .filter((r) => kinds.has(r.kind))
      .map((r) => ({ _id: r._id, expired: false }));
    // A dead worker's entries: looked for when idle, and at least a few times per lease.
    if (found.length === 0 || Date.now() - lastExpiredCheck > leaseMs / 4) {
      lastExpiredCheck = Date.now();
      const expired = await OutboxModel.find(
        { status: 'running', lockedUntil: { $lt: now } },
        { _id: 1, kind: 1 },
      )
        .limit(batchSize)
        .lean();
      found = found.concat(
        expired.filter((r) => kinds.has(r.kind)).map((r) => ({ _id: r._id, expired: true })),
      );
    }
    // Oldest first, so a resident's messages go out in the order they were caused; a worker that loses
    // a race for an entry simply moves to the next candidate.
    candidates = candidates.concat(found);
  }

  async function claim(): Promise<OutboxEntry | null> {
    for (;;) {
      if (candidates.length === 0) {
        await (refilling ??= refill().finally(() => (refilling = undefined)));
        if (candidates.length === 0) return null;
      }
      const candidate = candidates.shift()!;
      const now = new Date();
      const entry = await OutboxModel.findOneAndUpdate(
        candidate.expired
          ? { _id: candidate._id, status: 'running', lockedUntil: { $lt: now } }
          : { _id: candidate._id, status: 'pending', runAt: { $lte: now } },
        {
          $set: {
            status: 'running',
            leaseToken: randomUUID(),
            lockedBy: id,
            lockedUntil: new Date(now.getTime() + leaseMs),
          },
          $inc: { attempts: 1 },
        },
        { new: true },
      ).lean<OutboxEntry>();
      if (entry) return entry;
    }
  }

  async function runOnce(): Promise<boolean> {
    const entry = await claim();
    if (!entry) return false;
    // Logs of the job (and entries it enqueues) carry the requestId of the request that caused it.
    await runAsWork(
      { requestId: entry.requestId ?? undefined, outboxKind: entry.kind, outboxId: String(entry._id) },
      () => run(entry),
    );
    return true;
  }

  async function run(entry: OutboxEntry): Promise<void> {
    const handler = opts.handlers[entry.kind];
    const guard = { _id: entry._id, status: 'running', leaseToken: entry.leaseToken };
    const ctx: JobContext = {
      entry,
      workerId: id,
      heartbeat: async () => {
        const r = await OutboxModel.updateOne(guard, {
          $set: { lockedUntil: new Date(Date.now() + leaseMs) },
        });
        return r.matchedCount === 1;
      },
    };
    try {
      if (!handler) throw new PermanentError(`no handler for ${entry.kind}`);
      const result = await handler(entry.payload as Record<string, unknown>, ctx);
      const done = entry.repeatEveryMs
        ? {
            status: 'pending',
            runAt: new Date(Date.now() + entry.repeatEveryMs),
            attempts: 0,
            result: result ?? null,
          }
        : { status: 'done', completedAt: new Date(), result: result ?? null };
      await OutboxModel.updateOne(guard, {
        $set: done,
        $unset: { leaseToken: 1, lockedUntil: 1, lastError: 1 },
      });
    } catch (error) {
      opts.onError?.(entry, error);
      const message = error instanceof Error ? error.message : String(error);
      const attempts = entry.attempts ?? 1;
      if (error instanceof RetryLater) {
        await OutboxModel.updateOne(guard, {
          $set: { status: 'pending', runAt: new Date(Date.now() + error.delayMs), lastError: message },
          $unset: { leaseToken: 1, lockedUntil: 1 },
          ...(error.countsAsAttempt ? {} : { $inc: { attempts: -1 } }),
        });
      } else if (error instanceof PermanentError || attempts >= (entry.maxAttempts ?? 10)) {
        const next = entry.repeatEveryMs
          ? { status: 'pending', runAt: new Date(Date.now() + entry.repeatEveryMs), attempts: 0 }
          : { status: 'failed', completedAt: new Date() };
        if (!entry.repeatEveryMs) outboxFailures.inc({ kind: entry.kind });
        await OutboxModel.updateOne(guard, {
          $set: { ...next, lastError: message },
          $unset: { leaseToken: 1, lockedUntil: 1 },
        });
      } else {
        await OutboxModel.updateOne(guard, {
          $set: {
            status: 'pending',
            runAt: new Date(Date.now() + backoffDelay(attempts, baseMs, maxMs)),
            lastError: message,
          },
          $unset: { leaseToken: 1, lockedUntil: 1 },
        });
      }
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      let didWork = false;
      try {
        didWork = await runOnce();
      } catch {
        // database unavailable: wait and try again
      }
      if (!didWork && running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      for (let i = 0; i < concurrency; i++) loops.push(loop());
    },
    async stop() {
      running = false;
      wake?.();
      await Promise.all(loops.splice(0));
    },
    async drain({ maxMs = 30_000 } = {}) {
      const deadline = Date.now() + maxMs;
      let n = 0;
      while (Date.now() < deadline && (await runOnce())) n++;
      return n;
    },
    runOnce,
  };
}
