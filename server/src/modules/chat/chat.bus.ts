/**
 * Delivering frames to sockets wherever they are. publish() hands the frame at once to the hub of
 * this process (if one is attached) and writes it to chatEvents with a global sequence number; the
 * hub of every other process polls chatEvents by sequence and delivers what it holds sockets for.
 *
 * Ordering across writers: a sequence number is taken before the event is inserted, so a poller can
 * see seq 12 before seq 11 is written. It then waits (up to GAP_WAIT_MS) for the gap to fill before
 * moving past it. Frames carry their session seq, so clients drop repeats and fill holes by `resume`.
 */
import type { ServerFrame } from '@portal/types';
import type { AppDeps } from '../../deps';
import { ChatCounterModel, ChatEventModel } from './chatEvent.model';

export type Target = `user:${string}` | `staff:${string}` | 'agents';

/** What a hub offers the bus: immediate delivery to the sockets of this process. */
export type LocalSink = {
  processId: string;
  deliver(targets: readonly string[], frame: ServerFrame, originConnId?: string): void;
};

const sinks = new WeakMap<AppDeps, LocalSink>();

export function registerSink(deps: AppDeps, sink: LocalSink): void {
  sinks.set(deps, sink);
}
export function unregisterSink(deps: AppDeps, sink: LocalSink): void {
  if (sinks.get(deps) === sink) sinks.delete(deps);
}

export async function nextEventSeq(n = 1): Promise<number> {
  const c = await ChatCounterModel.findOneAndUpdate(
    { _id: 'events' },
    { $inc: { seq: n } },
    { upsert: true, new: true },
  ).lean<{ seq: number }>();
  return c!.seq;
}

export async function currentEventSeq(): Promise<number> {
  const c = await ChatCounterModel.findById('events').lean<{ seq: number }>();
  return c?.seq ?? 0;
}

/** Delivers locally now; resolves once other processes can see the frame. */
export async function publish(
  deps: AppDeps,
  targets: readonly Target[],
  frame: ServerFrame,
  originConnId?: string,
): Promise<void> {
  if (!targets.length) return;
  const sink = sinks.get(deps);
  sink?.deliver(targets, frame, originConnId);
  const seq = await nextEventSeq();
  await ChatEventModel.create({
    seq,
    targets,
    frame,
    origin: originConnId,
    process: sink?.processId,
    at: new Date(),
  });
}

export const GAP_WAIT_MS = 1_000;

/** Polls chatEvents and calls deliver for events other processes wrote. */
export function createEventPoller(opts: {
  processId: string;
  pollMs: number;
  deliver: (targets: string[], frame: ServerFrame, originConnId?: string) => void;
  onError?: (err: unknown) => void;
}) {
  let cursor = -1;
  let gapSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  async function pollOnce(): Promise<void> {
    if (cursor < 0) cursor = await currentEventSeq();
    const docs = await ChatEventModel.find({ seq: { $gt: cursor } })
      .sort({ seq: 1 })
      .limit(1000)
      .lean<{ seq: number; targets: string[]; frame: ServerFrame; origin?: string; process?: string }[]>();
    for (const d of docs) {
      if (d.seq !== cursor + 1) {
        gapSince ??= Date.now();
        if (Date.now() - gapSince < GAP_WAIT_MS) return;
      }
      gapSince = undefined;
      cursor = d.seq;
      if (d.process !== opts.processId) opts.deliver(d.targets, d.frame, d.origin);
    }
  }

  const tick = () => {
    if (!running) return;
    inFlight = pollOnce()
      .catch((e) => opts.onError?.(e))
      .finally(() => {
        inFlight = undefined;
        if (running) timer = setTimeout(tick, opts.pollMs);
      });
  };

  return {
    async start() {
      running = true;
      cursor = await currentEventSeq();
      timer = setTimeout(tick, opts.pollMs);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
