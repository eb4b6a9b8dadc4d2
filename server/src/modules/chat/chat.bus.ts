/**
 * Delivering frames to sockets wherever they are. Whatever is written for other processes carries a
 * `route` (targets, writing process, sending socket): a message is its chatMessages insert, any other
 * frame one chatFrames insert (publish). The hub of the writing process delivers at once; every other
 * process receives the insert through
 *   - a MongoDB change stream on the database (mongod replica sets; the SecantusDB stand-in has them too),
 *     filtered on the server to inserts of the two collections written by other processes; or
 *   - polling both collections by `route.at` every CHAT_POLL_MS, the fallback when the database refuses
 *     a change stream (CHAT_BUS=auto probes at startup) or CHAT_BUS=polling says so.
 * There is no global counter: the change stream has its own order, and the poller re-reads the last
 * POLL_LATE_MS of inserts (skipping those it has delivered), so an insert that becomes visible late is
 * still seen. Messages carry their session seq, so clients drop repeats and fill holes with `resume`.
 */
import mongoose, { type mongo } from 'mongoose';
import type { ServerFrame } from '@portal/types';
import type { AppDeps } from '../../deps';
import { ChatEventModel } from './chatEvent.model';
import type { ChatMessageDoc } from './chatMessage.model';
import { sessionChanged } from './sessionCache';

export type Target = `user:${string}` | `staff:${string}` | 'agents';

export type Route = { to: string[]; process?: string; conn?: string; at: Date };

/** What a hub offers the bus: immediate delivery to the sockets of this process. */
export type LocalSink = {
  processId: string;
  deliver(targets: readonly string[], frame: ServerFrame, originConnId?: string): void;
  /** True when this process holds a socket of the principal ('user:<id>', 'staff:<id>'). */
  holds(principal: string): boolean;
};

const sinks = new WeakMap<AppDeps, LocalSink>();

export function registerSink(deps: AppDeps, sink: LocalSink): void {
  sinks.set(deps, sink);
}
export function unregisterSink(deps: AppDeps, sink: LocalSink): void {
  if (sinks.get(deps) === sink) sinks.delete(deps);
}
export const localSink = (deps: AppDeps): LocalSink | undefined => sinks.get(deps);

/** The route of something written now for `targets` by this process (and the socket `originConnId`). */
export function routeFor(deps: AppDeps, targets: readonly string[], originConnId?: string): Route {
  return { to: [...targets], process: sinks.get(deps)?.processId, conn: originConnId, at: new Date() };
}

/** Delivers locally now; resolves once other processes can see the frame. */
export async function publish(
  deps: AppDeps,
  targets: readonly Target[],
  frame: ServerFrame,
  originConnId?: string,
): Promise<void> {
  if (!targets.length) return;
  if (frame.type === 'session') sessionChanged(deps, frame.session.id);
  sinks.get(deps)?.deliver(targets, frame, originConnId);
  await ChatEventModel.collection.insertOne({ route: routeFor(deps, targets, originConnId), frame });
}

/** What the receiver hands the hub: a frame from chatFrames, or a message from chatMessages. */
export type Received =
  | { kind: 'frame'; route: Route; frame: ServerFrame }
  | { kind: 'message'; route: Route; message: ChatMessageDoc };

export type BusMode = 'changeStream' | 'polling';

export type Receiver = { mode: BusMode; stop(): Promise<void> };

type ReceiverOptions = {
  processId: string;
  /** auto: a change stream when the database accepts one, else polling. */
  mode: 'auto' | BusMode;
  pollMs: number;
  receive: (r: Received) => void;
  onError?: (err: unknown) => void;
  /** Says which transport runs, and why polling when it is the fallback. */
  onMode?: (mode: BusMode, why?: string) => void;
  /**
   * The change stream: true once it has caught up (everything written so far was received), false when it
   * failed (what is written meanwhile comes late, after it is reopened).
   */
  onCaughtUp?: (caughtUp: boolean) => void;
};

const EVENTS = 'chatFrames';
const MESSAGES = 'chatMessages';
/** How long the compatibility probe waits for the database to answer a change stream. */
export const PROBE_TIMEOUT_MS = 5_000;

type InsertDoc = { _id: unknown; route?: Route; frame?: ServerFrame } & Partial<ChatMessageDoc>;

function toReceived(coll: string, doc: InsertDoc): Received | undefined {
  const route = doc.route;
  if (!route?.to?.length) return undefined;
  if (coll === EVENTS) return doc.frame ? { kind: 'frame', route, frame: doc.frame } : undefined;
  return { kind: 'message', route, message: doc as ChatMessageDoc };
}

/** Starts receiving what other processes write; `auto` probes the database for change streams first. */
export async function startReceiver(o: ReceiverOptions): Promise<Receiver> {
  if (o.mode !== 'polling') {
    const opened = await openChangeStream(o);
    if ('receiver' in opened) {
      o.onMode?.('changeStream');
      return opened.receiver;
    }
    if (o.mode === 'changeStream') throw opened.error;
    o.onMode?.('polling', (opened.error as Error).message);
  } else o.onMode?.('polling', 'CHAT_BUS=polling');
  return startPoller(o);
}

/**
 * The change stream, once the database has answered its first getMore (the compatibility probe: a server
 * without change streams refuses the aggregate, and one that never answers is given PROBE_TIMEOUT_MS).
 * The driver resumes by itself after a resumable error; any other error reopens the stream after the last
 * event seen (resumeAfter), so nothing is skipped.
 */
async function openChangeStream(o: ReceiverOptions): Promise<{ receiver: Receiver } | { error: unknown }> {
  const db = mongoose.connection.db;
  if (!db) return { error: new Error('not connected') };
  const pipeline = [
    {
      $match: {
        operationType: 'insert',
        'ns.coll': { $in: [EVENTS, MESSAGES] },
        'fullDocument.route.process': { $ne: o.processId },
      },
    },
  ];
  let running = true;
  let resumeToken: unknown;
  let stream: mongo.ChangeStream = db.watch(pipeline, { maxAwaitTimeMS: 1_000 });

  const handle = (change: mongo.ChangeStreamDocument) => {
    resumeToken = change._id;
    if (change.operationType !== 'insert') return;
    const r = toReceived(change.ns.coll ?? '', change.fullDocument as InsertDoc);
    if (r) o.receive(r);
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await Promise.race([
      stream.tryNext(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer to a change stream within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    if (first) handle(first);
  } catch (error) {
    await stream.close().catch(() => undefined);
    return { error };
  } finally {
    clearTimeout(timer);
  }

  o.onCaughtUp?.(true);
  let behind = false;
  const loop = (async () => {
    while (running) {
      try {
        // tryNext answers null after an empty getMore: then nothing written so far is still on its way.
        const change = await stream.tryNext();
        if (change) handle(change);
        else if (behind) {
          behind = false;
          o.onCaughtUp?.(true);
        }
      } catch (err) {
        if (!running) return;
        if (!behind) o.onCaughtUp?.(false);
        behind = true;
        o.onError?.(err);
        await stream.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 250));
        if (!running) return;
        stream = db.watch(pipeline, {
          maxAwaitTimeMS: 1_000,
          ...(resumeToken ? { resumeAfter: resumeToken } : {}),
        });
      }
    }
  })();

  return {
    receiver: {
      mode: 'changeStream',
      async stop() {
        running = false;
        await stream.close().catch(() => undefined);
        await loop;
      },
    },
  };
}

/** The poller re-reads inserts this recent, so one that became visible late is not skipped. */
export const POLL_LATE_MS = 3_000;

/** Polls chatFrames and chatMessages for what other processes wrote in the last POLL_LATE_MS. */
function startPoller(o: ReceiverOptions): Receiver {
  const seen = new Map<string, number>(); // _id → route.at (ms), for inserts inside the window
  let timer: NodeJS.Timeout | undefined;
  let running = true;
  let inFlight: Promise<void> | undefined;
  const startedAt = Date.now();

  async function pollOnce(): Promise<void> {
    const horizon = Math.max(startedAt, Date.now() - POLL_LATE_MS);
    for (const [id, at] of seen) if (at <= horizon) seen.delete(id);
    const known = [...seen.keys()].map((id) => new mongoose.Types.ObjectId(id));
    const filter = {
      'route.at': { $gt: new Date(horizon) },
      'route.process': { $ne: o.processId },
      ...(known.length ? { _id: { $nin: known } } : {}),
    };
    const [events, messages] = await Promise.all(
      [EVENTS, MESSAGES].map(
        (coll) =>
          mongoose.connection
            .collection(coll)
            .find(filter)
            .sort({ 'route.at': 1 })
            .limit(1_000)
            .toArray() as Promise<InsertDoc[]>,
      ),
    );
    for (const [coll, docs] of [
      [EVENTS, events],
      [MESSAGES, messages],
    ] as const) {
      for (const d of docs) {
        seen.set(String(d._id), new Date(d.route?.at ?? 0).getTime());
        const r = toReceived(coll, d);
        if (r) o.receive(r);
      }
    }
  }

  const tick = () => {
    if (!running) return;
    inFlight = pollOnce()
      .catch((e) => o.onError?.(e))
      .finally(() => {
        inFlight = undefined;
        if (running) timer = setTimeout(tick, o.pollMs);
      });
  };
  timer = setTimeout(tick, o.pollMs);

  return {
    mode: 'polling',
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
