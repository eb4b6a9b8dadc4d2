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
 *
 * Batches: a handler with a `batch` function (message.send) has its kind run many entries at a time. One
 * guarded update claims up to `batchSize` due entries (or entries of that total `batchWeight`) under one lease
 * token (the state guard keeps the claim atomic per entry: an entry another worker took is simply not in the
 * batch), one heartbeat checks (and, once a quarter of the lease has passed, extends) the lease of all of them,
 * and one unordered bulkWrite completes them, each with the same outcome (done, retry, failed) and the same
 * lease guard as a single run. A batch's round trips do not grow with its size.
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

/**
 * What became of one entry of a batch: its result, or the error a single run would have thrown. An entry that
 * continues later may give the payload it continues with (a chunk of recipients keeps only those not yet
 * reached): it is stored by the same write that reschedules the entry.
 */
export type JobOutcome =
  { ok: true; result?: unknown } | { ok: false; error: unknown; payload?: Record<string, unknown> };

export type BatchContext = {
  workerId: string;
  /**
   * Still ours? Returns the ids (as strings) of the entries still held under the batch's lease, extending it
   * once a quarter of it has passed (until then a read answers: the lease is not near its end).
   */
  heartbeat(): Promise<Set<string>>;
  /** The single-entry context of one entry of the batch (its heartbeat tells whether that entry is still held). */
  entryContext(entry: OutboxEntry): JobContext;
};

/** Runs claimed entries of one kind together; returns one outcome per entry, in the same order. */
export type BatchJobHandler = (entries: OutboxEntry[], ctx: BatchContext) => Promise<JobOutcome[]>;

export type JobHandler = ((payload: Record<string, unknown>, ctx: JobContext) => Promise<unknown>) & {
  /** Present when the kind runs in batches (see the header). */
  batch?: BatchJobHandler;
  /**
   * How much of a batch an entry takes (default 1): a claim takes due entries, oldest first, until their
   * weights reach the batch size (at least one entry). An entry naming 100 recipients weighs 100.
   */
  batchWeight?: (entry: OutboxEntry) => number;
};

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
  /**
   * Entries per batch of a batch kind (default 200). The claim's search costs about the same whatever it
   * returns (the database looks through the due entries to find the oldest), and so do most of a batch's
   * round trips: large batches are what lets a big fan-out go out at the rate limit.
   */
  batchSize?: number;
  /** Batches of this worker running at once (default 2: one prepares while the other sends). */
  batchConcurrency?: number;
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
  const batchKinds = [...kinds].filter((k) => opts.handlers[k]?.batch);
  const singleKinds = [...kinds].filter((k) => !opts.handlers[k]?.batch);
  const batchSize = Math.max(8, concurrency * 4);
  const batchMax = Math.max(1, opts.batchSize ?? 200);
  const batchConcurrency = Math.max(1, opts.batchConcurrency ?? 2);

  let running = false;
  /** The idle loops' waits: `stop` ends them all at once (each loop waits up to pollMs otherwise). */
  const waits = new Set<() => void>();
  const loops: Promise<void>[] = [];

  // Candidates are found in batches (one indexed query) and then claimed one by one by _id with a
  // state-guarded update, so the claim itself stays atomic while the search cost is shared by the batch.
  type Candidate = { _id: OutboxEntry['_id']; expired: boolean };
  let candidates: Candidate[] = [];
  let refilling: Promise<void> | undefined;
  let lastExpiredCheck = 0;

  async function refill(): Promise<void> {
    if (!singleKinds.length) return;
    const now = new Date();
    // Only the kinds run one at a time: a queue full of batch-kind entries must not hide the others.
    const due = await OutboxModel.find(
      { status: 'pending', runAt: { $lte: now }, kind: { $in: singleKinds } },
      { _id: 1, kind: 1 },
    )
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
        { status: 'running', lockedUntil: { $lt: now }, kind: { $in: singleKinds } },
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
    if (!entry) return runBatchOnce();
    // Logs of the job (and entries it enqueues) carry the requestId of the request that caused it.
    await runAsWork(
      { requestId: entry.requestId ?? undefined, outboxKind: entry.kind, outboxId: String(entry._id) },
      () => run(entry),
    );
    return true;
  }

  function entryContext(entry: OutboxEntry): JobContext {
    const guard = { _id: entry._id, status: 'running', leaseToken: entry.leaseToken };
    return {
      entry,
      workerId: id,
      heartbeat: async () => {
        const r = await OutboxModel.updateOne(guard, {
          $set: { lockedUntil: new Date(Date.now() + leaseMs) },
        });
        return r.matchedCount === 1;
      },
    };
  }

  /** The update that records an entry's outcome (done, rescheduled, retried later, failed). */
  function completion(entry: OutboxEntry, outcome: JobOutcome): Record<string, unknown> {
    if (outcome.ok) {
      const result = outcome.result ?? null;
      const done = entry.repeatEveryMs
        ? { status: 'pending', runAt: new Date(Date.now() + entry.repeatEveryMs), attempts: 0, result }
        : { status: 'done', completedAt: new Date(), result };
      return { $set: done, $unset: { leaseToken: 1, lockedUntil: 1, lastError: 1 } };
    }
    const { error } = outcome;
    opts.onError?.(entry, error);
    const payload = outcome.payload ? { payload: outcome.payload } : {};
    const message = error instanceof Error ? error.message : String(error);
    const attempts = entry.attempts ?? 1;
    if (error instanceof RetryLater) {
      return {
        $set: {
          status: 'pending',
          runAt: new Date(Date.now() + error.delayMs),
          lastError: message,
          ...payload,
        },
        $unset: { leaseToken: 1, lockedUntil: 1 },
        ...(error.countsAsAttempt ? {} : { $inc: { attempts: -1 } }),
      };
    }
    if (error instanceof PermanentError || attempts >= (entry.maxAttempts ?? 10)) {
      const next = entry.repeatEveryMs
        ? { status: 'pending', runAt: new Date(Date.now() + entry.repeatEveryMs), attempts: 0 }
        : { status: 'failed', completedAt: new Date() };
      if (!entry.repeatEveryMs) outboxFailures.inc({ kind: entry.kind });
      return { $set: { ...next, lastError: message, ...payload }, $unset: { leaseToken: 1, lockedUntil: 1 } };
    }
    return {
      $set: {
        status: 'pending',
        runAt: new Date(Date.now() + backoffDelay(attempts, baseMs, maxMs)),
        lastError: message,
        ...payload,
      },
      $unset: { leaseToken: 1, lockedUntil: 1 },
    };
  }

  async function run(entry: OutboxEntry): Promise<void> {
    const handler = opts.handlers[entry.kind];
    let outcome: JobOutcome;
    try {
      if (!handler) throw new PermanentError(`no handler for ${entry.kind}`);
      outcome = {
        ok: true,
        result: await handler(entry.payload as Record<string, unknown>, entryContext(entry)),
      };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await OutboxModel.updateOne(
      { _id: entry._id, status: 'running', leaseToken: entry.leaseToken },
      completion(entry, outcome),
    );
  }

  // Claims of batches are made one at a time in this process (its loops would otherwise race each other
  // for the same oldest entries); other processes' claims are kept apart by the state guard.
  let claimingBatch: Promise<unknown> = Promise.resolve();
  let batchesRunning = 0;
  let lastExpiredBatchCheck = 0;
  /** When a claim of each kind last found nothing: the loops of this process then ask again only after pollMs. */
  const emptyBatchClaimAt = new Map<string, number>();
  /** Due entries a claim of a kind with weights reads (see claimBatch). */
  const claimLimit = new Map<string, number>();

  /** Up to batchMax due (or abandoned) entries of `kind`, claimed under one new lease token. */
  async function claimBatch(kind: string): Promise<OutboxEntry[]> {
    // Every idle loop polls; one search per pollMs answers them all (each search looks through the due entries).
    if (Date.now() - (emptyBatchClaimAt.get(kind) ?? 0) < pollMs) return [];
    const now = new Date();
    const weight = opts.handlers[kind]!.batchWeight;
    const limit = weight ? (claimLimit.get(kind) ?? batchMax) : batchMax;
    let due = await OutboxModel.find({ status: 'pending', runAt: { $lte: now }, kind })
      .sort({ runAt: 1 })
      .limit(limit)
      .lean<OutboxEntry[]>();
    let expired: OutboxEntry[] = [];
    // A dead worker's batch (claimable only once its lease has passed): looked for at least a few times per
    // lease, and when idle at least once a second (not on every poll of every loop).
    const expiredEvery = due.length === 0 ? Math.min(leaseMs / 4, 1_000) : leaseMs / 4;
    if (due.length < batchMax && Date.now() - lastExpiredBatchCheck > expiredEvery) {
      lastExpiredBatchCheck = Date.now();
      expired = await OutboxModel.find({ status: 'running', lockedUntil: { $lt: now }, kind })
        .limit(batchMax - due.length)
        .lean<OutboxEntry[]>();
    }
    // Entries of several recipients: up to the batch's weight (but always the oldest one).
    if (weight) {
      let room = batchMax;
      const fits = (e: OutboxEntry, i: number) => (room -= weight(e)) >= 0 || i === 0;
      const found = due.length;
      due = due.filter(fits);
      expired = expired.filter((e, i) => fits(e, due.length + i));
      // Heavy entries are large documents: the next search reads about as many as a batch takes, and twice as
      // many each time all it read fitted.
      claimLimit.set(kind, due.length < found ? due.length + 1 : Math.min(batchMax, limit * 2));
    }
    if (!due.length && !expired.length) {
      emptyBatchClaimAt.set(kind, Date.now());
      return [];
    }
    const lease = {
      status: 'running' as const,
      leaseToken: randomUUID(),
      lockedBy: id,
      lockedUntil: new Date(now.getTime() + leaseMs),
    };
    const update = { $set: lease, $inc: { attempts: 1 } };
    const writes: Parameters<typeof OutboxModel.bulkWrite>[0] = [
      ...(due.length
        ? [
            {
              updateMany: {
                filter: {
                  _id: { $in: due.map((e) => e._id) },
                  status: 'pending' as const,
                  runAt: { $lte: now },
                },
                update,
              },
            },
          ]
        : []),
      ...(expired.length
        ? [
            {
              updateMany: {
                filter: {
                  _id: { $in: expired.map((e) => e._id) },
                  status: 'running' as const,
                  lockedUntil: { $lt: now },
                },
                update,
              },
            },
          ]
        : []),
    ];
    const r = await OutboxModel.bulkWrite(writes, { ordered: false });
    let found = [...due, ...expired];
    if (r.modifiedCount !== found.length) {
      // Another worker took some of them first: keep the ones under this lease.
      const mine = await OutboxModel.find(
        { _id: { $in: found.map((e) => e._id) }, leaseToken: lease.leaseToken },
        { _id: 1 },
      ).lean();
      const held = new Set(mine.map((e) => String(e._id)));
      found = found.filter((e) => held.has(String(e._id)));
    }
    return found.map((e) => ({ ...e, ...lease, attempts: (e.attempts ?? 0) + 1 }) as OutboxEntry);
  }

  async function runBatch(kind: string, entries: OutboxEntry[]): Promise<void> {
    const handler = opts.handlers[kind]!.batch!;
    const token = entries[0].leaseToken;
    const ids = entries.map((e) => e._id);
    const held = { _id: { $in: ids }, status: 'running', leaseToken: token };
    // When the lease was last set (by the claim, then by the heartbeats that extend it).
    let leasedAt = entries[0].lockedUntil ? new Date(entries[0].lockedUntil).getTime() - leaseMs : 0;
    const ctx: BatchContext = {
      workerId: id,
      entryContext,
      heartbeat: async () => {
        // A lease set less than a quarter of its time ago needs no extending yet: reading which entries are
        // still under this token answers the same question (still ours?) without writing every entry again.
        if (Date.now() - leasedAt < leaseMs / 4)
          return new Set((await OutboxModel.find(held, { _id: 1 }).lean()).map((e) => String(e._id)));
        const at = Date.now();
        const r = await OutboxModel.updateMany(held, { $set: { lockedUntil: new Date(at + leaseMs) } });
        leasedAt = at;
        if (r.matchedCount === ids.length) return new Set(ids.map(String));
        return new Set((await OutboxModel.find(held, { _id: 1 }).lean()).map((e) => String(e._id)));
      },
    };
    let outcomes: JobOutcome[];
    try {
      outcomes = await handler(entries, ctx);
    } catch (error) {
      outcomes = entries.map(() => ({ ok: false, error }));
    }
    // One write: entries done with the same result together (one updateMany each), the others one by one.
    const done = new Map<string, { ids: OutboxEntry['_id'][]; result: unknown }>();
    const writes: Parameters<typeof OutboxModel.bulkWrite>[0] = [];
    entries.forEach((entry, i) => {
      const outcome = outcomes[i] ?? { ok: false, error: new Error('no outcome') };
      if (outcome.ok && !entry.repeatEveryMs) {
        const result = outcome.result ?? null;
        const key = JSON.stringify(result);
        if (!done.has(key)) done.set(key, { ids: [], result });
        done.get(key)!.ids.push(entry._id);
      } else {
        writes.push({
          updateOne: {
            filter: { _id: entry._id, status: 'running' as const, leaseToken: token },
            update: completion(entry, outcome),
          },
        });
      }
    });
    const completedAt = new Date();
    for (const { ids: doneIds, result } of done.values())
      writes.push({
        updateMany: {
          filter: { _id: { $in: doneIds }, status: 'running' as const, leaseToken: token },
          update: {
            $set: { status: 'done' as const, completedAt, result },
            $unset: { leaseToken: 1, lockedUntil: 1, lastError: 1 },
          },
        },
      });
    await OutboxModel.bulkWrite(writes, { ordered: false });
  }

  /** Claims and runs one batch of a batch kind; false when none was due (or this worker's batches are all busy). */
  async function runBatchOnce(): Promise<boolean> {
    if (!batchKinds.length || batchesRunning >= batchConcurrency) return false;
    batchesRunning++;
    try {
      for (const kind of batchKinds) {
        // The batch is one piece of work (its logs and round trips are counted together), claim included.
        const work = { outboxKind: kind, outboxId: 'batch' };
        const ran = await runAsWork(work, async () => {
          const claimed = claimingBatch.then(() => claimBatch(kind));
          claimingBatch = claimed.catch(() => undefined);
          const entries = await claimed;
          if (!entries.length) return false;
          work.outboxId = `batch of ${entries.length}`;
          await runBatch(kind, entries);
          return true;
        });
        if (ran) return true;
      }
      return false;
    } finally {
      batchesRunning--;
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
          const wake = () => {
            clearTimeout(t);
            waits.delete(wake);
            resolve();
          };
          const t = setTimeout(wake, pollMs);
          waits.add(wake);
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
      for (const wake of [...waits]) wake();
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
