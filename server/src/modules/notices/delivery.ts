/** The delivery report of a notice: per push, what was sent by which channel, what failed and why, who was not reachable, who read it. */
import type { NoticeDelivery, NoticeDeliveryRows, Utility } from '@portal/types';
import type { Config } from '@portal/config';
import { groupProgress } from '../../platform/outbox/outbox';
import { deliveryPage, deliverySkips, deliveryTally } from '../messaging';
import { NoticeRecipientModel, type NoticeDoc } from './notice.model';
import { pushGroup, requiredLeadHours } from './notices.service';

export async function deliveryReport(config: Config, n: NoticeDoc): Promise<NoticeDelivery> {
  const id = String(n._id);
  const pushes = await Promise.all(
    n.pushes.map(async (p) => {
      const group = pushGroup(id, p.seq);
      const [progress, rows, skips] = await Promise.all([
        groupProgress(group),
        deliveryTally(group),
        deliverySkips(group),
      ]);
      const skipped: Record<string, Record<string, number>> = {};
      for (const k of skips) (skipped[k.channel] ??= {})[k.reason] = k.n;
      let smsToHolder = 0;
      const byChannel: Record<string, number> = {};
      const failed: Record<string, number> = {};
      const unreachable: Record<string, number> = {};
      let sent = 0;
      let uncertain = 0;
      for (const r of rows) {
        const { status, channel, reason } = r;
        if (status === 'sent') {
          sent += r.n;
          if (r.toHolder) smsToHolder += r.n;
          byChannel[channel ?? 'unknown'] = (byChannel[channel ?? 'unknown'] ?? 0) + r.n;
        } else if (status === 'failed')
          failed[reason ?? 'unknown'] = (failed[reason ?? 'unknown'] ?? 0) + r.n;
        else if (status === 'unreachable')
          unreachable[reason ?? 'unknown'] = (unreachable[reason ?? 'unknown'] ?? 0) + r.n;
        else if (status === 'uncertain') uncertain += r.n;
      }
      return {
        seq: p.seq,
        reason: p.reason as 'publish',
        at: p.at.toISOString(),
        targeted: p.targeted ?? undefined,
        done: p.done ?? false,
        pending: (progress.pending ?? 0) + (progress.running ?? 0),
        sent,
        byChannel,
        failed,
        unreachable,
        skipped,
        smsToHolder,
        uncertain,
        cancelled: progress.cancelled ?? 0,
      };
    }),
  );
  const [targetedUsers, read] = await Promise.all([
    NoticeRecipientModel.countDocuments({ noticeId: n._id }),
    NoticeRecipientModel.countDocuments({ noticeId: n._id, readAt: { $exists: true } }),
  ]);
  return {
    noticeId: id,
    status: n.status as NoticeDelivery['status'],
    targetedAccounts: n.pushes[0]?.targetedAccounts ?? undefined,
    targetedUsers,
    read,
    leadTimeHours: n.leadTimeHours ?? undefined,
    requiredLeadHours: requiredLeadHours(config, n.utility as Utility),
    pushes,
  };
}

/** Per resident, one push: the channel that reached them and the ones passed over, newest first. */
export async function deliveryRows(
  n: NoticeDoc,
  q: { seq?: number; status?: string; channel?: string; page: number; pageSize: number },
): Promise<NoticeDeliveryRows> {
  const seq = q.seq ?? n.pushes.at(-1)?.seq ?? 1;
  const { rows, total } = await deliveryPage(pushGroup(String(n._id), seq), q);
  return {
    items: rows.map((d) => ({
      userId: d.userId,
      status: d.status as NoticeDeliveryRows['items'][number]['status'],
      channel: d.channel as NoticeDeliveryRows['items'][number]['channel'],
      reason: d.reason,
      skipped: d.skipped.map((k) => ({ channel: k.channel as 'subscribe', reason: k.reason })),
      smsTo:
        d.channel === 'sms' && d.status === 'sent'
          ? d.phoneSource === 'holder'
            ? 'holder'
            : 'own'
          : undefined,
      sentAt: d.sentAt?.toISOString(),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
