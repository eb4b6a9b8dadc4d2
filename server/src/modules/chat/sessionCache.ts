/**
 * Who may write in a session (its resident, its agent, whether it is closed), kept between the writer's
 * batches so that a message costs its insert and no read (message.writer.ts). Only where every change of a
 * session is heard of at once:
 *   - this process forgets a session as soon as it changes it (claim, transfer, close) and when it
 *     publishes a session frame;
 *   - the other processes' session frames and notes come through the bus's change stream, and forget it
 *     here before they reach a socket. With the polling bus (seconds late, or when the change stream failed)
 *     nothing is kept: every batch reads its sessions, as before.
 * An entry only ever allows: a sender it does not allow (an agent just assigned) is checked against the
 * database. A read that a change crossed is not kept. Entries live SESSION_CACHE_MS at most, which bounds
 * what no frame announces (a resident's 注销 closing their conversations from another process).
 */
import type { AppDeps } from '../../deps';
import type { ChatSessionDoc } from './chatSession.model';

export type SessionInfo = Pick<
  ChatSessionDoc,
  '_id' | 'userId' | 'agentId' | 'agentName' | 'status' | 'lastSeq'
>;

export const SESSION_CACHE_MS = 5_000;
const MEMORY = 50_000;

type Cache = {
  /** The bus hears every change of the other processes at once (a change stream is running). */
  trusted: boolean;
  entries: Map<string, { s: SessionInfo; at: number }>;
  /** Counts changes heard of: a read that started before one is not kept. */
  generation: number;
};

const caches = new WeakMap<AppDeps, Cache>();
const cacheOf = (deps: AppDeps): Cache => {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = { trusted: false, entries: new Map(), generation: 0 }));
  return c;
};

/** The hub says whether its bus is a running change stream (keep sessions) or not (read every batch). */
export function trustSessionCache(deps: AppDeps, trusted: boolean): void {
  const c = cacheOf(deps);
  c.trusted = trusted;
  if (!trusted) sessionsChanged(deps);
}

/** Whether sessions are kept now (the hub's change stream has caught up). */
export const sessionCacheTrusted = (deps: AppDeps): boolean => caches.get(deps)?.trusted ?? false;

/** A session changed (here, or another process says so): it is read again before the next message. */
export function sessionChanged(deps: AppDeps, sessionId: string): void {
  const c = caches.get(deps);
  if (!c) return;
  c.entries.delete(sessionId);
  c.generation++;
}

/** Anything may have changed (the bus missed a moment): every session is read again. */
export function sessionsChanged(deps: AppDeps): void {
  const c = caches.get(deps);
  if (!c) return;
  c.entries.clear();
  c.generation++;
}

/** The kept sessions among `ids` (fresh ones only), and a mark to `keep` what is read now with. */
export function cachedSessions(
  deps: AppDeps,
  ids: readonly string[],
): { found: Map<string, SessionInfo>; mark: number } {
  const c = cacheOf(deps);
  const found = new Map<string, SessionInfo>();
  if (!c.trusted) return { found, mark: c.generation };
  const now = Date.now();
  for (const id of ids) {
    const e = c.entries.get(id);
    if (!e) continue;
    if (now - e.at >= SESSION_CACHE_MS) c.entries.delete(id);
    else found.set(id, e.s);
  }
  return { found, mark: c.generation };
}

/** Keeps sessions read since `mark`, unless a change was heard of meanwhile; closed ones are not kept. */
export function keepSessions(deps: AppDeps, sessions: readonly SessionInfo[], mark: number): void {
  const c = cacheOf(deps);
  if (!c.trusted || c.generation !== mark) return;
  const now = Date.now();
  for (const s of sessions) {
    if (s.status === 'closed') continue;
    const id = String(s._id);
    c.entries.delete(id);
    c.entries.set(id, { s, at: now });
  }
  while (c.entries.size > MEMORY) c.entries.delete(c.entries.keys().next().value!);
}
