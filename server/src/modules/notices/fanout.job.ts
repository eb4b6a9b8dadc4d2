/**
 * 'notice.fanout': sends one push of a notice. The first push resolves the area's residents (once
 * each), records them as the notice's recipients and enqueues their messages; later
 * pushes (time changed, restored) go to those same recipients. The messages are enqueued 100 residents to an
 * entry (CHUNK), each keyed by its residents, and each resident's delivery is keyed by the push and the
 * resident, so a fan-out that dies halfway and runs again sends nobody twice.
 * A cancel stops it between batches and cancels what it already enqueued.
 */
import { pageLink, type NoticeTarget } from '@portal/types';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { forEachBatch, slices } from '../../platform/db/batches';
import { cancelGroup } from '../../platform/outbox/outbox';
import { PermanentError, type JobContext } from '../../platform/outbox/worker';
import { enqueueMessages } from '../messaging';
import { BATCH, streamAudience } from './audience';
import { NoticeModel, NoticeRecipientModel, type NoticeDoc } from './notice.model';
import { pushGroup } from './notices.service';

export type FanoutResult = { accounts?: number; users: number; enqueued: number; cancelled?: boolean };

/**
 * Residents per 'message.send' entry: a push to 100,000 households is 1,000 outbox entries (sendMessage.job.ts,
 * deliverChunks). Each resident still has their own delivery, one per push whichever chunk names them.
 */
export const CHUNK = 100;

/** A chunk's dedupe key: the same residents give the same key, so a fan-out run again adds no chunk twice. */
const chunkKey = (userIds: string[]) =>
  createHash('sha256')
    .update([...userIds].sort().join(','))
    .digest('hex')
    .slice(0, 24);

export async function fanOutPush(
  noticeId: string,
  seq: number,
  ctx?: Pick<JobContext, 'heartbeat'>,
): Promise<FanoutResult> {
  const n = await NoticeModel.findById(noticeId).lean<NoticeDoc>();
  if (!n) throw new PermanentError(`no notice ${noticeId}`);
  const push = n.pushes.find((p) => p.seq === seq);
  if (!push) throw new PermanentError(`notice ${noticeId} has no push ${seq}`);
  if (n.status === 'cancelled') return { users: 0, enqueued: 0, cancelled: true };
  // Already fanned out (the job ran again after its completion was lost): every message is enqueued.
  if (push.done)
    return { accounts: push.targetedAccounts ?? undefined, users: push.targeted ?? 0, enqueued: 0 };
  const group = pushGroup(noticeId, seq);
  const data = push.data as Record<string, string | number>;
  const page = pageLink('noticeDetail', { id: noticeId });
  let enqueued = 0;
  let cancelled = false;

  const send = async (userIds: string[]): Promise<boolean> => {
    const chunks = slices(userIds, CHUNK);
    const fresh = await enqueueMessages(
      chunks.map((ids) => ({
        payload: { userIds: ids, event: 'outageNotice' as const, data, page },
        dedupeKey: `notice:${noticeId}:${seq}:${chunkKey(ids)}`,
      })),
      { group },
    );
    // Residents enqueued (counted by full chunks when a run before a crash had enqueued some of them already).
    enqueued += fresh === chunks.length ? userIds.length : Math.min(userIds.length, fresh * CHUNK);
    await ctx?.heartbeat();
    const now = await NoticeModel.findById(noticeId, { status: 1 }).lean();
    cancelled = now?.status === 'cancelled';
    return !cancelled;
  };

  let accounts: number | undefined;
  let users = 0;
  if (push.reason === 'publish') {
    const target = n.target as unknown as NoticeTarget;
    const r = await streamAudience(target, async (userIds) => {
      await NoticeRecipientModel.insertMany(
        userIds.map((userId) => ({ noticeId: n._id, userId: new Types.ObjectId(userId) })),
        { ordered: false },
      ).catch((e: { code?: number; writeErrors?: { code?: number }[] }) => {
        // A rerun after a crash: the ones recorded before are already there.
        const codes = e.writeErrors?.map((w) => w.code) ?? [e.code];
        if (!codes.every((c) => c === 11000)) throw e;
      });
      return send(userIds);
    });
    accounts = r.accounts;
    users = r.users;
  } else {
    const cursor = NoticeRecipientModel.find({ noticeId: n._id }, { userId: 1 })
      .lean<{ userId: Types.ObjectId }[]>()
      .cursor({ batchSize: BATCH });
    users = await forEachBatch(cursor, BATCH, (rows) => send(rows.map((r) => String(r.userId))));
  }

  if (cancelled) {
    await cancelGroup(group);
    return { accounts, users, enqueued, cancelled };
  }
  await NoticeModel.updateOne(
    { _id: n._id, 'pushes.seq': seq },
    {
      $set: {
        'pushes.$.targeted': users,
        'pushes.$.done': true,
        ...(accounts !== undefined ? { 'pushes.$.targetedAccounts': accounts } : {}),
      },
    },
  );
  return { accounts, users, enqueued };
}
