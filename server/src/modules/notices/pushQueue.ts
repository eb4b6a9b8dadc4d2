/**
 * A push and its fan-out job are two writes (the notice, then the outbox). The push is recorded with an
 * `unqueued` mark; the mark is removed only after its fan-out is in the outbox. A crash between the two
 * leaves the mark, and the 'notices.repairPushes' sweep (every minute) enqueues what it finds marked. The
 * fan-out's dedupe key is the push's, so a sweep that races a live request, or runs twice, adds nothing.
 */
import type { Types } from 'mongoose';
import { enqueue } from '../../platform/outbox/outbox';
import { NoticeModel, type NoticeDoc } from './notice.model';

export const NOTICE_FANOUT = 'notice.fanout';
export const NOTICE_REPAIR_PUSHES = 'notices.repairPushes';
/** How often the sweep looks for pushes whose fan-out a crash kept out of the outbox. */
export const REPAIR_PUSHES_EVERY_MS = 60_000;

/** Enqueues a push's fan-out (once: keyed by notice and push), then clears the push's mark. */
export async function enqueuePush(noticeId: Types.ObjectId | string, seq: number): Promise<void> {
  await enqueue({
    kind: NOTICE_FANOUT,
    dedupeKey: `notice:${noticeId}:fanout:${seq}`,
    payload: { noticeId: String(noticeId), seq },
    group: `notice:${noticeId}:jobs`,
  });
  await NoticeModel.updateOne(
    { _id: noticeId, pushes: { $elemMatch: { seq, unqueued: true } } },
    { $unset: { 'pushes.$.unqueued': 1 } },
  );
}

/** The sweep: every push still marked gets its fan-out. Returns how many it repaired. */
export async function repairUnqueuedPushes(): Promise<{ repaired: number }> {
  const marked = await NoticeModel.find({ 'pushes.unqueued': true }, { pushes: 1 })
    .limit(500)
    .lean<Pick<NoticeDoc, '_id' | 'pushes'>[]>();
  let repaired = 0;
  for (const n of marked)
    for (const p of n.pushes)
      if (p.unqueued) {
        // A cancelled notice's fan-out stops at once (fanout.job.ts), so it is safe to enqueue.
        await enqueuePush(n._id, p.seq);
        repaired++;
      }
  return { repaired };
}
