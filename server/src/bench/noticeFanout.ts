/**
 * Reusable measurements for the bench (bench/ is the integrator's) and the large tests:
 *   const people = await seedBoundResidents(100_000, { district: '压测区' });
 *   const fan = await measureFanout(noticeId);            // time to resolve the audience + enqueue
 *   const send = await measureSendThroughput(deps, noticeId, { workers: 4, concurrency: 32 });
 *   send.perSecond / send.configuredRate                   // goal ≥ 0.9
 * Seeding writes straight to the collections in batches (the factories are one document at a time).
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AppDeps } from '../deps';
import { OutboxModel } from '../platform/outbox/outbox.model';
import { groupProgress } from '../platform/outbox/outbox';
import { createWorker, type JobHandler } from '../platform/outbox/worker';
import { AccountModel } from '../modules/accounts/account.model';
import { BindingModel } from '../modules/accounts/binding.model';
import { UserModel } from '../modules/accounts/user.model';
import { MESSAGE_SEND } from '../modules/messaging/enqueueMessage';
import { sendMessageJob } from '../modules/messaging/sendMessage.job';
import { SubscriptionModel } from '../modules/messaging/subscription.model';
import { fanOutPush, type FanoutResult } from '../modules/notices/fanout.job';
import { pushGroup } from '../modules/notices/notices.service';

export type SeededResident = { userId: string; openid: string; accountNo: string };

/** n accounts in one district, each with one bound resident holding `grants` subscribe grants for `templateId`. */
export async function seedBoundResidents(
  n: number,
  o: { district: string; community?: string; templateId?: string; grants?: number; batch?: number },
): Promise<SeededResident[]> {
  const tag = randomBytes(3).toString('hex');
  const out: SeededResident[] = [];
  const size = o.batch ?? 2000;
  for (let i = 0; i < n; i += size) {
    const accounts = [];
    const users = [];
    const bindings = [];
    const subs = [];
    for (let j = i; j < Math.min(n, i + size); j++) {
      const accountId = new Types.ObjectId();
      const userId = new Types.ObjectId();
      const accountNo = `9${tag}${String(j).padStart(7, '0')}`.slice(0, 20);
      const openid = `o_scale_${tag}_${j}`;
      accounts.push({
        _id: accountId,
        accountNo,
        utility: 'gas',
        areaCode: 'SCALE',
        status: 'active',
        holder: { name: '测试' },
        address: {
          district: o.district,
          community: o.community ?? '压测小区',
          building: String(j % 50),
          unit: '1',
          room: String(j),
        },
      });
      users.push({
        _id: userId,
        openidMp: openid,
        preferences: { notices: true, bills: true, orders: true },
      });
      bindings.push({ userId, accountId, accountNo, proof: 'staff' });
      if (o.templateId && o.grants)
        subs.push({
          userId,
          templateId: o.templateId,
          event: 'outageNotice',
          remaining: o.grants,
          accepted: o.grants,
        });
      out.push({ userId: String(userId), openid, accountNo });
    }
    await Promise.all([
      AccountModel.collection.insertMany(accounts, { ordered: false }),
      UserModel.collection.insertMany(users, { ordered: false }),
      BindingModel.collection.insertMany(bindings, { ordered: false }),
      subs.length ? SubscriptionModel.collection.insertMany(subs, { ordered: false }) : Promise.resolve(),
    ]);
  }
  return out;
}

/** Runs the first push's fan-out of a published notice: resolve the audience and enqueue. */
export async function measureFanout(noticeId: string): Promise<FanoutResult & { ms: number }> {
  const t0 = performance.now();
  const r = await fanOutPush(noticeId, 1);
  return { ...r, ms: Math.round(performance.now() - t0) };
}

/**
 * Sends a notice push with `workers` workers in this process (each `concurrency` loops) until none
 * is left; throughput is compared with the configured per-API rate limit.
 */
export async function measureSendThroughput(
  deps: AppDeps,
  noticeId: string,
  o: {
    seq?: number;
    workers?: number;
    concurrency?: number;
    maxMs?: number;
    /**
     * Messages the far side has received so far (the sandbox's log, in memory). When given, the outbox is
     * read only once they are all there (and once a second meanwhile, in case some never arrive): a count of
     * the group every 100 ms was itself a large share of a single-threaded database's work during the send.
     */
    received?: () => number;
  } = {},
): Promise<{ sent: number; ms: number; perSecond: number; configuredRate: number; fractionOfRate: number }> {
  const group = pushGroup(noticeId, o.seq ?? 1);
  const handlers: Record<string, JobHandler> = { [MESSAGE_SEND]: sendMessageJob(deps) };
  const workers = Array.from({ length: o.workers ?? 2 }, () =>
    createWorker({
      handlers,
      concurrency: o.concurrency ?? 32,
      pollMs: 20,
      backoffBaseMs: 50,
      backoffMaxMs: 1000,
    }),
  );
  // Messages, not entries (an entry names up to 100 residents).
  const total = Object.values(await groupProgress(group)).reduce((a, b) => a + b, 0);
  const t0 = performance.now();
  workers.forEach((w) => w.start());
  const deadline = Date.now() + (o.maxMs ?? 10 * 60_000);
  const received = o.received;
  const start = received?.() ?? 0;
  let lastRead = Date.now();
  const unfinished = async () => {
    lastRead = Date.now();
    return OutboxModel.exists({ group, status: { $in: ['pending', 'running'] } });
  };
  while (Date.now() < deadline) {
    if (!received) {
      if (!(await unfinished())) break;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if ((received() - start >= total || Date.now() - lastRead >= 1_000) && !(await unfinished())) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = performance.now() - t0;
  await Promise.all(workers.map((w) => w.stop()));
  const perSecond = Math.round((total / ms) * 1000);
  const configuredRate = deps.config.WECHAT_SEND_RATE_PER_SECOND;
  return {
    sent: total,
    ms: Math.round(ms),
    perSecond,
    configuredRate,
    fractionOfRate: Math.round((perSecond / configuredRate) * 100) / 100,
  };
}
