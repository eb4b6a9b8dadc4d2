/**
 * Session tokens live up to SESSION_TTL_SECONDS, but a staff member's roles, areas or status can
 * change sooner (and a resident can delete their account). Every request, and every frame on an open
 * chat socket, checks the token's version against the subject's current one, with a short per-process
 * cache (SESSION_CHECK_CACHE_MS): a change made through this process applies at once, one made through
 * another instance within the cache time. Checks due in the same turn of the event loop share one read.
 */
import type Koa from 'koa';
import { Types } from 'mongoose';
import type { AppDeps } from '../../deps';
import type { Auth } from '../../platform/auth/auth';
import { StaffModel } from './staff.model';
import { UserModel } from './user.model';

export const SESSION_CHECK_CACHE_MS = 5_000;

type Entry = { version: number; active: boolean; at: number };
const caches = new WeakMap<AppDeps, Map<string, Entry>>();
const cacheOf = (deps: AppDeps) => {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = new Map()));
  return c;
};
const keyOf = (auth: Auth) => (auth.kind === 'staff' ? `staff:${auth.staffId}` : `user:${auth.userId}`);

type Subject = Omit<Entry, 'at'>;

type Stored = {
  _id: unknown;
  tokenVersion?: number | null;
  active?: boolean | null;
  deletedAt?: Date | null;
};

/** Per kind of subject: how its records are read, and what one of them (or its absence) says. */
const KINDS = {
  staff: {
    read: (ids: string[]) =>
      StaffModel.find({ _id: { $in: ids } }, { tokenVersion: 1, active: 1 }).lean<Stored[]>(),
    subject: (s?: Stored): Subject => ({
      version: s?.tokenVersion ?? 0,
      active: Boolean(s && s.active !== false),
    }),
  },
  user: {
    read: (ids: string[]) =>
      UserModel.find({ _id: { $in: ids } }, { tokenVersion: 1, deletedAt: 1 }).lean<Stored[]>(),
    subject: (u?: Stored): Subject => ({ version: u?.tokenVersion ?? 0, active: Boolean(u && !u.deletedAt) }),
  },
};
type Kind = keyof typeof KINDS;

/**
 * The subjects' current versions, read together: checks asked for in the same turn of the event loop (a burst
 * of sockets whose cached check expired at once) share one read per kind instead of one read each.
 */
let waiting: Record<Kind, Map<string, ((s: Subject) => void)[]>> | undefined;

function load(auth: Auth): Promise<Subject> {
  const id = auth.kind === 'staff' ? auth.staffId : auth.userId;
  if (!waiting) {
    const batch = (waiting = { staff: new Map(), user: new Map() });
    setImmediate(() => {
      waiting = undefined;
      void readBatch(batch);
    });
  }
  const callers = waiting[auth.kind === 'staff' ? 'staff' : 'user'];
  return new Promise((resolve) => {
    const list = callers.get(id) ?? [];
    list.push(resolve);
    callers.set(id, list);
  });
}

async function readBatch(batch: Record<Kind, Map<string, ((s: Subject) => void)[]>>): Promise<void> {
  await Promise.all(
    (Object.keys(KINDS) as Kind[]).map(async (kind) => {
      const callers = batch[kind];
      const ids = [...callers.keys()].filter((id) => Types.ObjectId.isValid(id));
      // A failed read answers "not current": the client logs in again rather than keep a revoked session.
      const found = ids.length ? await KINDS[kind].read(ids).catch(() => []) : [];
      const byId = new Map(found.map((d) => [String(d._id), d]));
      for (const [id, resolvers] of callers) {
        const subject = KINDS[kind].subject(byId.get(id));
        for (const r of resolvers) r(subject);
      }
    }),
  );
}

/** True while the subject exists, is active and has not changed since the token was signed. */
export async function isSessionCurrent(deps: AppDeps, auth: Auth): Promise<boolean> {
  const cache = cacheOf(deps);
  const key = keyOf(auth);
  const now = deps.clock.now().getTime();
  let e = cache.get(key);
  if (!e || now - e.at > SESSION_CHECK_CACHE_MS || now < e.at) {
    e = { ...(await load(auth)), at: now };
    cache.set(key, e);
    if (cache.size > 50_000) cache.delete(cache.keys().next().value!);
  }
  return e.active && e.version === (auth.tv ?? 0);
}

/** Called where a change is made, so this process stops honouring old tokens at once. */
export function forgetSession(deps: AppDeps, kind: 'staff' | 'resident', id: string): void {
  cacheOf(deps).delete(kind === 'staff' ? `staff:${id}` : `user:${id}`);
}

/** Drops a stale token's identity: protected routes then answer 401 and the client logs in again. */
export const sessionCheck =
  (deps: AppDeps): Koa.Middleware =>
  async (ctx, next) => {
    const auth = ctx.state.auth as Auth | undefined;
    if (auth && !(await isSessionCurrent(deps, auth))) ctx.state.auth = undefined;
    await next();
  };
