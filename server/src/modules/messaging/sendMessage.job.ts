/**
 * The 'message.send' job: one outbox entry → one message to one resident, through the first channel
 * that can reach them: subscribe message (a grant left) → official-account template message
 * (follows the account) → SMS (a phone number) → recorded as not reachable. The outcome and the
 * channel are recorded per entry in message_deliveries.
 *
 * Never twice for one entry: before handing the message to WeChat/SMS the delivery is marked
 * 'sending' (the sent-marker), and 'sent' with the msgid right after. A later attempt on the same
 * entry finds 'sent' and stops, or 'sending' and knows a worker died (or lost its lease) after
 * handing the message over but before recording the answer. That is the one at-least-once window:
 * the message has almost certainly arrived, so it is not sent again but recorded 'uncertain' (shown
 * in the delivery report). Resending would risk a duplicate and spend a second one-time grant that
 * the resident gave for another message. The window is only the HTTP call itself: the token and the
 * rate-limit slot are obtained before the marker is written.
 *
 * A timeout or 5xx seen by a live worker is retried (exponential backoff with full jitter): WeChat
 * almost always did not process it; in the rare case it did, the resident sees the same message
 * twice, with the same page link (harmless, and far rarer than the crash case above).
 * 45009 pauses every worker (shared rate limiter) and retries without spending an attempt.
 * 43101 (no grant after all) and 43004 (not following) fall through to the next channel; 47003,
 * 40037, 41030 stop: the message is recorded as failed with its errcode.
 *
 * Every channel passed over is recorded with its reason (`skipped`: NO_GRANT, NOT_FOLLOWING, NO_PHONE, 43004…),
 * so the delivery report says which channel reached each resident and why the others did not.
 *
 * SMS goes to the resident's own phone (captured with consent in the mini-program), else to the holder's phone of
 * the account the message is about (or of their first bound account). One cause reaches one phone once: family
 * members bound to one account share the holder's phone, and a claim per (cause, phone) keeps it to one SMS. An SMS
 * call that timed out may have been taken by the provider: the retry asks the provider (`wasSent`) first.
 *
 * In batches (the worker claims up to 200 entries under one lease: platform/outbox/worker.ts), the common case
 * costs a fixed number of round trips per batch, not per message: the deliveries are read and created together,
 * the residents' contacts read together, the grants taken with one bulkWrite (`takeMany`), the send slots of the
 * shared rate limiter taken together, the sent-marker set on the whole slice with one updateMany just before the
 * HTTP calls, and the answers recorded with one bulkWrite. The guarantees are those above, per message: a worker
 * killed mid-batch leaves its slice 'sending', and each of those is recorded 'uncertain', never sent again.
 * Everything off the common path (no grant, a refused send, a crash to clear up, an account fan-out) continues
 * one message at a time from where the batch left it, through the same code as a single entry.
 *
 * An entry may name many residents (`userIds`: a notice push enqueues 100 to an entry): each of them is then
 * delivered as an entry of their own would be (deliverChunks).
 */
import { isPageLink, type MessageChannel, type MessageEvent, type MessageSendPayload } from '@portal/types';
import { createHash, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import pLimit from 'p-limit';
import type { AppDeps } from '../../deps';
import { IN_PIECE, slices } from '../../platform/db/batches';
import { enqueueMany } from '../../platform/outbox/outbox';
import {
  backoffDelay,
  PermanentError,
  RetryLater,
  type BatchContext,
  type JobContext,
  type JobHandler,
  type JobOutcome,
} from '../../platform/outbox/worker';
import type { OutboxEntry } from '../../platform/outbox/outbox';
import { createWechatClients, type WechatClients } from '../../platform/wechat';
import { WechatApiError } from '../../platform/wechat/errors';
import type { WechatApi } from '../../platform/wechat/wechatApi';
import {
  boundUserIds,
  contactPhoneFor,
  markUnfollowed,
  residentContact,
  residentContacts,
  type ResidentContact,
} from '../accounts';
import { DeliveryModel, type Delivery } from './delivery.model';
import { messagesSent } from '../../platform/metrics';
import { MESSAGE_SEND } from './enqueueMessage';
import { createGrants, type Grants } from './grants.service';
import { createRateLimiter, type RateLimiter } from './rateLimit';
import { claimSmsPhone } from './smsClaim.model';
import {
  createSmsProvider,
  renderSms,
  SmsError,
  smsTemplates,
  type SmsProvider,
  type SmsTemplate,
  type SmsTemplateName,
} from './sms';
import { liveTemplates } from './liveTemplates';
import { eventTemplates, renderOfficial, renderSubscribe, type EventTemplates } from './templates';

const FINAL = new Set(['sent', 'failed', 'unreachable', 'uncertain', 'cancelled']);
/** Stop on these: the message itself is wrong. */
const PERMANENT = new Set([47003, 40037, 41030, 40003]);
/** Try the next channel on these: this channel cannot reach the resident. */
const NEXT_CHANNEL = new Set([43101, 43004, 43100]);

export type Messenger = {
  templates: Record<MessageEvent, EventTemplates>;
  grants: Grants;
  limiter: RateLimiter;
  sms?: SmsProvider;
  smsTemplates: Record<SmsTemplateName, SmsTemplate>;
  wechat: WechatApi;
  oaConfigured: boolean;
  mpAppid?: string;
  retryBaseMs: number;
  retryMaxMs: number;
  smsStatusSettleMs: number;
};

const messengers = new WeakMap<AppDeps, Messenger>();

export function messengerFor(deps: AppDeps): Messenger {
  let m = messengers.get(deps);
  if (m) return m;
  const c = deps.config;
  const wechat = (deps as AppDeps & { wechat?: WechatClients }).wechat ?? createWechatClients(c, deps.clock);
  const templates = eventTemplates(c);
  m = {
    templates,
    grants: createGrants(templates),
    limiter: createRateLimiter({
      subscribe: c.WECHAT_SEND_RATE_PER_SECOND,
      template: c.WECHAT_SEND_RATE_PER_SECOND,
      sms: c.SMS_SEND_RATE_PER_SECOND,
    }),
    sms: createSmsProvider(c),
    smsTemplates: smsTemplates(c),
    wechat: wechat.api,
    oaConfigured: Boolean(c.WECHAT_OA_APPID && c.WECHAT_OA_SECRET),
    mpAppid: c.WECHAT_MP_APPID,
    retryBaseMs: c.MESSAGE_RETRY_BASE_MS,
    retryMaxMs: c.MESSAGE_RETRY_MAX_MS,
    smsStatusSettleMs: c.SMS_STATUS_SETTLE_MS,
  };
  messengers.set(deps, m);
  return m;
}

export type SendResult = {
  status: Delivery['status'];
  channel?: MessageChannel | null;
  reason?: string | null;
};

/** One entry run on its own (the job's single handler). */
type RunOne = (payload: Record<string, unknown>, ctx: JobContext) => Promise<unknown>;

export function sendMessageJob(deps: AppDeps): JobHandler {
  const one: RunOne = async (payload, ctx) => {
    const p = payload as MessageSendPayload;
    if (p.userIds) {
      // A chunk run on its own: as a batch of one entry.
      const [outcome] = await deliverChunks(messengerFor(deps), [ctx.entry], batchOfOne(ctx), one);
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    }
    if (!p.userId) return fanOut(p, ctx);
    return deliver(messengerFor(deps), p as MessageSendPayload & { userId: string }, ctx);
  };
  return Object.assign(one, {
    batch: (entries: OutboxEntry[], ctx: BatchContext) =>
      deliverChunks(messengerFor(deps), entries, ctx, one),
    batchWeight: (entry: OutboxEntry) => recipientsOf(entry).length || 1,
  });
}

/**
 * A chunk: one entry naming several residents (`userIds`, a notice push enqueues them 100 at a time), so that
 * a fan-out to 100,000 households writes a thousand outbox entries, not 100,000, and claims and completes
 * them a thousand times. Each resident in it is delivered exactly as an entry of their own would be: a
 * recipient entry stands for them, whose id (its delivery's id) is derived from the push (the entry's group)
 * and the resident. So a resident is one delivery per push whichever chunk names them (a fan-out that ran
 * again after a crash and chunked differently sends nobody twice), and a rerun of the chunk finds what it
 * already did. A chunk continues later (a retry) with only the residents not yet settled, so the outbox's
 * pending and cancelled counts stay counts of residents.
 */
async function deliverChunks(
  m: Messenger,
  entries: OutboxEntry[],
  ctx: BatchContext,
  one: RunOne,
): Promise<JobOutcome[]> {
  if (!entries.some((e) => recipientsOf(e).length)) return deliverBatch(m, entries, ctx, one);
  // Every entry's own (a chunk's recipient entries, or itself), and for each of those the entry that owns it.
  const flat: OutboxEntry[] = [];
  const owner: number[] = [];
  const members = entries.map((e, i) => {
    const userIds = recipientsOf(e);
    const own = userIds.length ? [...new Set(userIds)].map((userId) => recipientEntry(e, userId)) : [e];
    const at = flat.length;
    flat.push(...own);
    owner.push(...own.map(() => i));
    return own.map((_, k) => at + k);
  });
  const byId = new Map(flat.map((f, j) => [String(f._id), entries[owner[j]]]));
  const recipientCtx: BatchContext = {
    workerId: ctx.workerId,
    heartbeat: async () => {
      const held = await ctx.heartbeat();
      return new Set(
        flat.filter((f, j) => held.has(String(entries[owner[j]]._id))).map((f) => String(f._id)),
      );
    },
    entryContext: (f) => ({ ...ctx.entryContext(byId.get(String(f._id)) ?? f), entry: f }),
  };
  const outcomes: JobOutcome[] = [];
  for (let j = 0; j < flat.length; j += CHUNK_SLICE)
    outcomes.push(...(await deliverBatch(m, flat.slice(j, j + CHUNK_SLICE), recipientCtx, one)));
  return entries.map((e, i) =>
    recipientsOf(e).length
      ? chunkOutcome(
          e,
          members[i].map((j) => outcomes[j]),
          members[i].map((j) => flat[j]),
        )
      : outcomes[members[i][0]],
  );
}

/** Recipient entries handled by one deliverBatch call (its round trips do not grow with their number). */
const CHUNK_SLICE = 200;

const recipientsOf = (entry: OutboxEntry): string[] =>
  (entry.payload as MessageSendPayload | undefined)?.userIds ?? [];

/** The entry that stands for one resident of a chunk (see deliverChunks). */
function recipientEntry(chunk: OutboxEntry, userId: string): OutboxEntry {
  const { userIds: _u, ...payload } = chunk.payload as MessageSendPayload;
  const key = `${chunk.group ?? chunk.dedupeKey}/${userId}`;
  const id = createHash('sha256').update(key).digest().subarray(0, 12);
  return {
    ...chunk,
    _id: new Types.ObjectId(id),
    dedupeKey: `${chunk.dedupeKey}/${userId}`,
    payload: { ...payload, userId },
  } as OutboxEntry;
}

/**
 * A chunk's outcome from its residents': done when each is settled (sent, or recorded as failed or not
 * reachable); otherwise it runs again for the others only, after the shortest delay asked for.
 */
function chunkOutcome(chunk: OutboxEntry, outcomes: JobOutcome[], recipients: OutboxEntry[]): JobOutcome {
  const tally: Record<string, number> = {};
  const open: string[] = [];
  const errors: unknown[] = [];
  outcomes.forEach((o, j) => {
    if (o.ok) {
      const status = (o.result as SendResult | undefined)?.status ?? 'done';
      tally[status] = (tally[status] ?? 0) + 1;
    } else if (o.error instanceof PermanentError) tally.failed = (tally.failed ?? 0) + 1;
    else {
      open.push((recipients[j].payload as { userId: string }).userId);
      errors.push(o.error);
    }
  });
  if (!open.length) {
    // Every resident failed for the same reason (an event without a template): the chunk failed.
    if (outcomes.every((o) => !o.ok)) return outcomes[0];
    return { ok: true, result: { recipients: outcomes.length, ...tally } };
  }
  const payload = { ...(chunk.payload as MessageSendPayload), userIds: open };
  const later = errors.filter((e): e is RetryLater => e instanceof RetryLater);
  const error =
    later.length === errors.length
      ? new RetryLater(
          Math.min(...later.map((e) => e.delayMs)),
          `${open.length} of ${outcomes.length}: ${later[0].message}`,
          later.some((e) => e.countsAsAttempt),
        )
      : errors.find((e) => !(e instanceof RetryLater));
  return { ok: false, error, payload };
}

/** A single entry's context as a batch's (a chunk run on its own). */
function batchOfOne(ctx: JobContext): BatchContext {
  return {
    workerId: ctx.workerId,
    heartbeat: async () => ((await ctx.heartbeat()) ? new Set([String(ctx.entry._id)]) : new Set()),
    entryContext: () => ctx,
  };
}

/** Entries of one batch continuing one at a time (off the common path) at once. */
const SINGLE_CONCURRENCY = 8;

/** What a batch already did for an entry before `deliver` continues it. */
type Prepared = {
  t: EventTemplates;
  d: Delivery;
  user: ResidentContact | null;
  /** The batch's grant take answered (undefined: not asked). */
  granted?: boolean;
  /** The batch set the sent-marker and handed the subscribe message over; this came back. */
  subscribe?: { sent?: { msgid: string }; error?: unknown };
};

async function deliverBatch(
  m: Messenger,
  entries: OutboxEntry[],
  ctx: BatchContext,
  one: RunOne,
): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = entries.map(() => ({ ok: false, error: new Error('not run') }));
  const later: { i: number; prep?: Prepared }[] = [];
  const payload = (i: number) => entries[i].payload as MessageSendPayload & { userId: string };
  const templates = await liveTemplates(m.templates);

  // One resident, a known event: the common path. A fan-out to an account's residents, or an event no
  // template exists for, goes one at a time (and fails there as it would alone).
  const simple: number[] = [];
  entries.forEach((e, i) => {
    const p = e.payload as MessageSendPayload;
    if (p.userId && templates[p.event]) simple.push(i);
    else later.push({ i });
  });

  const { all: deliveries, fresh } = await deliveriesOf(simple.map((i) => entries[i]));
  const contacts = new Map(
    (await residentContacts([...new Set(simple.map((i) => payload(i).userId))])).map((c) => [c.id, c]),
  );

  const wanted: { i: number; prep: Prepared }[] = [];
  for (const i of simple) {
    const p = payload(i);
    const t = templates[p.event];
    const d = deliveries.get(String(entries[i]._id))!;
    const user = contacts.get(p.userId) ?? null;
    const prep: Prepared = { t, d, user };
    if (FINAL.has(d.status)) outcomes[i] = { ok: true, result: result(d) };
    else if (d.status === 'pending' && user?.openidMp && !(t.preference && !user.preferences[t.preference]))
      wanted.push({ i, prep });
    // A crash to clear up ('sending'), nobody to send to, opted out, no mini-program: one at a time.
    else later.push({ i, prep });
  }

  const held = await m.grants.takeMany(
    wanted
      .filter((w) => !w.prep.d.grantTaken)
      .map((w) => ({
        userId: payload(w.i).userId,
        templateId: w.prep.t.subscribe.templateId,
        deliveryId: String(w.prep.d._id),
      })),
  );
  const queue: { i: number; prep: Prepared; message: Parameters<WechatApi['sendSubscribeMessage']>[0] }[] =
    [];
  for (const w of wanted) {
    if (!(w.prep.d.grantTaken || held.has(String(w.prep.d._id)))) {
      later.push({ i: w.i, prep: { ...w.prep, granted: false } });
      continue;
    }
    const p = payload(w.i);
    const { t, user } = w.prep;
    let data: Record<string, string>;
    try {
      data = flatten(renderSubscribe(t, p.data));
    } catch {
      // Data the template cannot show: one at a time, where it fails as it would alone.
      later.push({ i: w.i });
      continue;
    }
    const page = p.page && isPageLink(p.page) ? p.page : t.page(p.data);
    queue.push({
      ...w,
      message: { touser: user!.openidMp!, templateId: t.subscribe.templateId, data, page },
    });
  }

  while (queue.length) {
    const n = await m.limiter.grant('subscribe', queue.length);
    const slice = queue.splice(0, n);
    // Still ours? A batch whose lease ran out must not send: another worker has its entries.
    const stillHeld = await ctx.heartbeat();
    const mine = slice.filter((s) => stillHeld.has(String(entries[s.i]._id)));
    for (const s of slice)
      if (!stillHeld.has(String(entries[s.i]._id)))
        outcomes[s.i] = { ok: false, error: new Error('lease lost before sending') };
    if (!mine.length) continue;
    const marked = await markSending(
      mine.map((s) => s.prep.d),
      fresh,
      ctx.workerId,
    );
    // The whole slice at once: what carries the sent-marker is exactly what is in flight, so a worker that dies
    // here leaves 'uncertain' only messages it had handed over (or was handing over).
    const handed = await Promise.all(
      mine.map(async (s) => {
        if (!marked.has(String(s.prep.d._id))) return { s, skip: true as const };
        try {
          return { s, sent: await m.wechat.sendSubscribeMessage(s.message) };
        } catch (error) {
          return { s, error };
        }
      }),
    );
    const sentAt = new Date();
    const ok = handed.filter((h) => 'sent' in h && h.sent);
    if (ok.length) {
      // One update for the slice, each delivery taking its own msgid from the list by its id (a pipeline
      // update: one statement instead of one per message, several times cheaper for the database).
      // (In pieces of IN_PIECE, one statement each, in the same round trip.)
      const record = (piece: typeof ok) => {
        const msgids = Object.fromEntries(piece.map((h) => [String(h.s.prep.d._id), h.sent!.msgid]));
        return {
          updateMany: {
            filter: { _id: { $in: piece.map((h) => h.s.prep.d._id) }, status: 'sending' },
            update: [
              {
                // (nothing was passed over: a pending delivery's `skipped` is still the empty list it was created with)
                $set: {
                  status: 'sent',
                  msgid: { $getField: { field: { $toString: '$_id' }, input: { $literal: msgids } } },
                  sentAt,
                  updatedAt: sentAt,
                },
              },
              { $unset: ['sendingSince', 'sendingBy', 'reason', 'errcode'] },
            ],
          },
        };
      };
      await DeliveryModel.collection.bulkWrite(slices(ok, IN_PIECE).map(record) as never[], {
        ordered: false,
      });
    }
    for (const h of handed) {
      if ('skip' in h) {
        // Its delivery changed under us (not 'pending' any more): read afresh, one at a time.
        later.push({ i: h.s.i });
      } else if (h.sent) {
        messagesSent.inc({ channel: 'subscribe', event: payload(h.s.i).event });
        outcomes[h.s.i] = { ok: true, result: { status: 'sent', channel: 'subscribe' } };
      } else {
        const d = { ...h.s.prep.d, status: 'sending', grantTaken: true } as Delivery;
        later.push({ i: h.s.i, prep: { ...h.s.prep, d, granted: true, subscribe: { error: h.error } } });
      }
    }
  }

  // Fresh deliveries continuing one at a time are stored first (as 'pending'), as `deliver` expects; one a rerun
  // stored meanwhile is read afresh there.
  const unstored = later.filter((l) => l.prep && fresh.has(String(l.prep.d.outboxId)));
  await storeFresh(unstored.map((l) => l.prep!.d));
  for (const l of unstored) l.prep = undefined;
  const singleLimit = pLimit(SINGLE_CONCURRENCY);
  await Promise.all(
    later.map(({ i, prep }) =>
      singleLimit(async () => {
        const ectx = ctx.entryContext(entries[i]);
        try {
          const r = prep ? await deliver(m, payload(i), ectx, prep) : await one(entries[i].payload, ectx);
          outcomes[i] = { ok: true, result: r };
        } catch (error) {
          outcomes[i] = { ok: false, error };
        }
      }),
    ),
  );
  return outcomes;
}

/**
 * The deliveries of these entries, by outbox id, in one read. An entry without one gets a new delivery that is
 * not stored yet (`fresh`): its id is the entry's own id, so a rerun of the entry takes the same grant (the
 * grant remembers the delivery that took it) and finds the same delivery. It is stored as the sent-marker
 * itself, just before its HTTP call (`markSending`), or as 'pending' when it continues one at a time.
 */
async function deliveriesOf(
  entries: OutboxEntry[],
): Promise<{ all: Map<string, Delivery>; fresh: Set<string> }> {
  const fresh = new Set<string>();
  // An entry on its first run has no delivery yet: only the others are looked for. (A resident of a chunk whose
  // delivery another chunk made, after a fan-out ran again, is found by the sent-marker's insert: see markSending.)
  const ranBefore = entries.filter((e) => (e.attempts ?? 0) > 1 || e.lastError);
  const all = new Map(
    ranBefore.length
      ? (await DeliveryModel.find({ outboxId: { $in: ranBefore.map((e) => e._id) } }).lean<Delivery[]>()).map(
          (d) => [String(d.outboxId), d],
        )
      : [],
  );
  const now = new Date();
  for (const e of entries) {
    if (all.has(String(e._id))) continue;
    const p = e.payload as MessageSendPayload & { userId: string };
    all.set(String(e._id), {
      _id: e._id,
      outboxId: e._id,
      userId: new Types.ObjectId(p.userId),
      event: p.event,
      status: 'pending',
      ...(e.group ? { group: e.group } : {}),
      grantTaken: false,
      attempts: [],
      skipped: [],
      createdAt: now,
      updatedAt: now,
    } as unknown as Delivery);
    fresh.add(String(e._id));
  }
  return { all, fresh };
}

/** Stores fresh deliveries (see deliveriesOf) as they are; one created meanwhile by a rerun of its entry stays. */
async function storeFresh(deliveries: Delivery[]): Promise<void> {
  if (!deliveries.length) return;
  await DeliveryModel.collection.insertMany(deliveries as never[], { ordered: false }).catch((e: unknown) => {
    if (!isDuplicateOnly(e)) throw e;
  });
}

const isDuplicateOnly = (e: unknown) => {
  const err = e as { code?: number; writeErrors?: { code?: number }[] | { code?: number } };
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : err.writeErrors ? [err.writeErrors] : [];
  return err.code === 11000 && list.every((w) => w.code === 11000);
};

/**
 * The sent-marker on a slice of deliveries still 'pending', just before their HTTP calls (after the rate
 * limiter and the lease check): the stored ones updated, the fresh ones (see deliveriesOf) inserted already
 * marked, one write each (an insert costs the database far less than an update). Returns the ids marked (all
 * of them, unless one changed meanwhile, or a rerun of its entry, or another chunk naming its resident, stored
 * it first).
 */
async function markSending(slice: Delivery[], fresh: Set<string>, workerId: string): Promise<Set<string>> {
  const sendingBy = `${workerId}/${randomUUID().slice(0, 8)}`;
  const now = new Date();
  const marker = { status: 'sending', channel: 'subscribe', grantTaken: true, sendingSince: now, sendingBy };
  const stored = slice.filter((d) => !fresh.has(String(d.outboxId))).map((d) => d._id);
  const inserted = slice.filter((d) => fresh.has(String(d.outboxId)));
  let marked = 0;
  let partial = false;
  await Promise.all([
    stored.length
      ? DeliveryModel.updateMany({ _id: { $in: stored }, status: 'pending' }, { $set: marker }).then(
          (r) => void (marked += r.modifiedCount),
        )
      : undefined,
    inserted.length
      ? DeliveryModel.collection
          .insertMany(
            inserted.map((d) => ({ ...d, ...marker, updatedAt: now }) as never),
            { ordered: false },
          )
          .then(
            (r) => void (marked += r.insertedCount),
            (e: unknown) => {
              // Stored meanwhile by a rerun of the same entry (only after a lost lease): not ours to send.
              if (!isDuplicateOnly(e)) throw e;
              partial = true;
            },
          )
      : undefined,
  ]);
  for (const d of inserted) fresh.delete(String(d.outboxId));
  if (!partial && marked === slice.length) return new Set(slice.map((d) => String(d._id)));
  const rows = await DeliveryModel.find(
    { _id: { $in: slice.map((d) => d._id) }, status: 'sending', sendingBy },
    { _id: 1 },
  ).lean();
  return new Set(rows.map((d) => String(d._id)));
}

/** accountNo: one entry per resident bound to the account, keyed under this entry's key (so a rerun adds none). */
async function fanOut(p: MessageSendPayload, ctx: JobContext): Promise<{ fannedOut: number }> {
  const userIds = p.accountNo ? await boundUserIds([p.accountNo]) : [];
  const { userIds: _u, accountNo: _a, ...rest } = p;
  const n = await enqueueMany(
    [...new Set(userIds)].map((userId) => ({
      kind: MESSAGE_SEND,
      dedupeKey: `${ctx.entry.dedupeKey}/${userId}`,
      payload: { ...rest, userId },
      group: ctx.entry.group ?? undefined,
      maxAttempts: ctx.entry.maxAttempts ?? 12,
    })),
  );
  return { fannedOut: n };
}

type Attempt =
  { ok: true } | { ok: false; errcode: number; code?: string; recipient?: boolean; stop?: boolean };
type Skip = { channel: Exclude<MessageChannel, 'none'>; reason: string };

async function deliver(
  m: Messenger,
  p: MessageSendPayload & { userId: string },
  ctx: JobContext,
  prep?: Prepared,
): Promise<SendResult> {
  const { entry } = ctx;
  const t = prep?.t ?? (await liveTemplates(m.templates))[p.event];
  if (!t) throw new PermanentError(`unknown event ${p.event}`);
  const d =
    prep?.d ??
    (await DeliveryModel.findOneAndUpdate(
      { outboxId: entry._id },
      {
        $setOnInsert: {
          // The entry's id, as a batch gives it (deliveriesOf): a grant a batch took for it is this delivery's.
          _id: entry._id,
          outboxId: entry._id,
          userId: new Types.ObjectId(p.userId),
          event: p.event,
          status: 'pending',
          ...(entry.group ? { group: entry.group } : {}),
        },
      },
      { upsert: true, new: true },
    ).lean<Delivery>())!;
  if (FINAL.has(d.status)) return result(d);
  // The subscribe message a batch handed over came back refused: it continues below, as if sent from here.
  const handed = prep?.subscribe;
  if (d.status === 'sending' && !handed) {
    // See the header: handed over by a worker that did not live to record the answer.
    const r = await DeliveryModel.findOneAndUpdate(
      { _id: d._id, status: 'sending' },
      { $set: { status: 'uncertain' }, $unset: { sendingSince: 1, sendingBy: 1 } },
      { new: true },
    ).lean<Delivery>();
    return result(r ?? d);
  }

  const skipped: Skip[] = [];
  const skip = (channel: Skip['channel'], reason: string) => skipped.push({ channel, reason });
  const finish = async (
    status: Delivery['status'],
    set: Record<string, unknown> = {},
  ): Promise<SendResult> => {
    const r = await DeliveryModel.findOneAndUpdate(
      { _id: d._id, status: 'pending' },
      { $set: { status, skipped, ...set } },
      { new: true },
    ).lean<Delivery>();
    return result(r ?? (await DeliveryModel.findById(d._id).lean<Delivery>())!);
  };

  const user = prep ? prep.user : await residentContact(p.userId);
  if (!user) return finish('unreachable', { channel: 'none', reason: 'NO_USER' });
  if (t.preference && !user.preferences[t.preference])
    return finish('unreachable', { channel: 'none', reason: 'OPTED_OUT' });

  const data = p.data;
  // An entry written before a page moved names a page WeChat would refuse (41030): use the event's own page.
  const page = p.page && isPageLink(p.page) ? p.page : t.page(data);

  /** Hands the message to one channel, guarded by the sent-marker (or takes the answer a batch got). */
  const attempt = async (
    channel: Exclude<MessageChannel, 'none'>,
    api: string,
    send: () => Promise<{ msgid: string }>,
    given?: Prepared['subscribe'],
  ): Promise<Attempt> => {
    let sent: { msgid: string } | undefined = given?.sent;
    let error: unknown = given?.error;
    if (!given) {
      await m.limiter.acquire(api);
      // Still ours? A worker whose lease ran out (slow database, long wait) must not send: another has the entry.
      if (!(await ctx.heartbeat())) return { ok: false, errcode: 0, stop: true };
      const marked = await DeliveryModel.updateOne(
        { _id: d._id, status: 'pending' },
        { $set: { status: 'sending', channel, sendingSince: new Date(), sendingBy: ctx.workerId } },
      );
      if (marked.modifiedCount !== 1) return { ok: false, errcode: 0, stop: true };
      try {
        sent = await send();
      } catch (e) {
        error = e;
      }
    }
    if (sent) {
      await DeliveryModel.updateOne(
        { _id: d._id, status: 'sending' },
        {
          $set: { status: 'sent', msgid: sent.msgid, sentAt: new Date(), skipped },
          $unset: { sendingSince: 1, sendingBy: 1, reason: 1, errcode: 1 },
        },
      );
      messagesSent.inc({ channel, event: p.event });
      return { ok: true };
    }
    const errcode = error instanceof WechatApiError ? error.errcode : -1;
    const smsError = error instanceof SmsError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    await DeliveryModel.updateOne(
      { _id: d._id, status: 'sending' },
      {
        $set: { status: 'pending' },
        $unset: { sendingSince: 1, sendingBy: 1 },
        $push: {
          attempts: {
            channel,
            errcode,
            code: smsError?.code,
            ambiguous: smsError?.ambiguous || undefined,
            error: message.slice(0, 200),
            at: new Date(),
          },
        },
      },
    );
    if (smsError && smsError.kind !== 'retry')
      return { ok: false, errcode, code: smsError.code, recipient: smsError.kind === 'recipient' };
    if (errcode === 45009) {
      const delay = backoffDelay(Math.min(entry.attempts ?? 1, 8), m.retryBaseMs, m.retryMaxMs);
      await m.limiter.penalize(api, delay);
      throw new RetryLater(delay, `45009 on ${api}`);
    }
    if (PERMANENT.has(errcode) || NEXT_CHANNEL.has(errcode)) return { ok: false, errcode };
    // 5xx, timeout, network, -1 system busy: the same channel again later.
    if ((entry.attempts ?? 1) >= (entry.maxAttempts ?? 12)) {
      await finish('failed', { reason: String(errcode), errcode });
      throw new PermanentError(`gave up after ${entry.attempts} attempts: ${message}`, errcode);
    }
    throw new RetryLater(backoffDelay(entry.attempts ?? 1, m.retryBaseMs, m.retryMaxMs), message, true);
  };

  const failPermanently = async (errcode: number) => finish('failed', { reason: String(errcode), errcode });
  let reason = 'NO_GRANT';

  // 1. Mini-program subscribe message, when a one-time grant is left.
  if (!user.openidMp) skip('subscribe', 'NO_MP_OPENID');
  else {
    const templateId = t.subscribe.templateId;
    let granted = d.grantTaken === true;
    if (!granted && (prep?.granted ?? (await m.grants.take(p.userId, templateId, String(d._id))))) {
      await DeliveryModel.updateOne({ _id: d._id }, { $set: { grantTaken: true } });
      granted = true;
    }
    if (granted) {
      const data1 = flatten(renderSubscribe(t, data));
      const r = await attempt(
        'subscribe',
        'subscribe',
        () => m.wechat.sendSubscribeMessage({ touser: user.openidMp!, templateId, data: data1, page }),
        handed,
      );
      if (r.ok) return result((await DeliveryModel.findById(d._id).lean<Delivery>())!);
      if (r.stop) return result((await DeliveryModel.findById(d._id).lean<Delivery>())!);
      await DeliveryModel.updateOne({ _id: d._id }, { $set: { grantTaken: false } });
      if (r.errcode === 43101) {
        await m.grants.clear(p.userId, templateId, String(d._id));
        reason = '43101';
        skip('subscribe', '43101');
      } else {
        // WeChat did not count the grant for a message it rejected.
        await m.grants.giveBack(p.userId, templateId, String(d._id));
        return failPermanently(r.errcode);
      }
    } else skip('subscribe', 'NO_GRANT');
  }

  // 2. Official-account template message, when the resident follows the account.
  if (!m.oaConfigured) skip('template', 'OA_NOT_CONFIGURED');
  else if (!user.openidOa) skip('template', 'NO_OA_OPENID');
  else if (!user.followsOa) skip('template', 'NOT_FOLLOWING');
  else {
    const data2 = flatten(renderOfficial(t, data));
    const r = await attempt('template', 'template', () =>
      m.wechat.sendTemplateMessage({
        touser: user.openidOa!,
        templateId: t.official.templateId,
        data: data2,
        miniprogram: m.mpAppid && page ? { appid: m.mpAppid, pagepath: page } : undefined,
      }),
    );
    if (r.ok || r.stop) return result((await DeliveryModel.findById(d._id).lean<Delivery>())!);
    if (r.errcode === 43004) await markUnfollowed(user.id);
    else if (!NEXT_CHANNEL.has(r.errcode)) return failPermanently(r.errcode);
    skip('template', String(r.errcode));
  }

  // 3. SMS: the resident's own phone, else the holder's phone of the account concerned.
  const phone = m.sms
    ? await contactPhoneFor(
        { _id: user.id, phone: user.phone },
        typeof data.accountNo === 'string' ? data.accountNo : undefined,
      )
    : undefined;
  if (!m.sms) skip('sms', 'SMS_OFF');
  else if (!phone) skip('sms', 'NO_PHONE');
  else {
    const sms = m.sms;
    const st = m.smsTemplates[p.event];
    const params = st.params(data);
    const key = String(entry._id);
    const cause = entry.group ?? entry.dedupeKey.replace(/\/[0-9a-f]{24}$/, '');
    if (!(await claimSmsPhone(cause, phone.number, key))) {
      skip('sms', 'PHONE_ALREADY_TEXTED');
    } else {
      // A call that timed out may have reached the provider: ask before sending again.
      const lastSms = [...(d.attempts ?? [])].reverse().find((a) => a.channel === 'sms');
      const earlier =
        lastSms?.ambiguous && sms.wasSent
          ? await sms.wasSent({ phone: phone.number, idempotencyKey: key }, d.createdAt ?? new Date(0))
          : undefined;
      // The provider's status report comes some time after it took a message: until SMS_STATUS_SETTLE_MS
      // have passed since the ambiguous call, "no report yet" is no proof it was not sent. Ask again later
      // rather than risk a second text; only then is the message sent again.
      const sinceAmbiguous =
        lastSms?.ambiguous && lastSms.at ? Date.now() - new Date(lastSms.at).getTime() : Infinity;
      if (lastSms?.ambiguous && sms.wasSent && !earlier && sinceAmbiguous < m.smsStatusSettleMs) {
        throw new RetryLater(
          m.smsStatusSettleMs - sinceAmbiguous,
          'waiting for the SMS status report of an ambiguous send',
        );
      }
      const r = await attempt('sms', 'sms', async () => {
        if (earlier) return { msgid: earlier.id };
        const sent = await sms.send({
          phone: phone.number,
          templateId: st.templateId,
          params,
          idempotencyKey: key,
          text: renderSms(st.text, params),
        });
        return { msgid: sent.id };
      });
      if (r.ok || r.stop) {
        if (r.ok && phone.source !== 'own')
          await DeliveryModel.updateOne({ _id: d._id }, { $set: { phoneSource: phone.source } });
        return result((await DeliveryModel.findById(d._id).lean<Delivery>())!);
      }
      if (r.recipient) skip('sms', r.code!);
      else
        return finish('failed', { reason: r.code ?? String(r.errcode), errcode: r.errcode, channel: 'sms' });
    }
  }

  return finish('unreachable', {
    channel: 'none',
    reason,
    ...(reason === '43101' ? { errcode: 43101 } : {}),
  });
}

function flatten(data: Record<string, { value: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.value]));
}

function result(d: Delivery): SendResult {
  return { status: d.status, channel: d.channel as MessageChannel | undefined, reason: d.reason };
}
