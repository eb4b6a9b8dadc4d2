/** What became of the messages of one group (a notice's push): counts by status, channel and reason. */
import { DeliveryModel } from './delivery.model';

/** `toHolder`: sent by SMS to the account holder's phone rather than the resident's own. */
export type DeliveryTallyRow = {
  status: string;
  channel?: string;
  reason?: string;
  toHolder: boolean;
  n: number;
};
/** A channel passed over on the way (no grant, not following, no phone...), by reason. */
export type DeliverySkipRow = { channel: string; reason: string; n: number };

export async function deliveryTally(group: string): Promise<DeliveryTallyRow[]> {
  const rows = await DeliveryModel.aggregate<{
    _id: { status: string; channel?: string; reason?: string; holder?: boolean };
    n: number;
  }>([
    { $match: { group } },
    {
      $group: {
        _id: {
          status: '$status',
          channel: '$channel',
          reason: '$reason',
          holder: { $eq: ['$phoneSource', 'holder'] },
        },
        n: { $sum: 1 },
      },
    },
  ]);
  return rows.map((r) => ({
    status: r._id.status,
    channel: r._id.channel ?? undefined,
    reason: r._id.reason ?? undefined,
    toHolder: r._id.holder === true,
    n: r.n,
  }));
}

export async function deliverySkips(group: string): Promise<DeliverySkipRow[]> {
  const rows = await DeliveryModel.aggregate<{ _id: { channel: string; reason: string }; n: number }>([
    { $match: { group, 'skipped.0': { $exists: true } } },
    { $unwind: '$skipped' },
    { $group: { _id: { channel: '$skipped.channel', reason: '$skipped.reason' }, n: { $sum: 1 } } },
  ]);
  return rows.map((r) => ({ channel: r._id.channel, reason: r._id.reason, n: r.n }));
}

/** One message of a group as the delivery report lists it. */
export type DeliveryListRow = {
  userId: string;
  status: string;
  channel?: string;
  reason?: string;
  skipped: { channel: string; reason: string }[];
  phoneSource?: 'own' | 'holder';
  sentAt?: Date;
};

/** A page of a group's messages, newest first, optionally by status or channel. */
export async function deliveryPage(
  group: string,
  q: { status?: string; channel?: string; page: number; pageSize: number },
): Promise<{ rows: DeliveryListRow[]; total: number }> {
  const filter: Record<string, unknown> = { group };
  if (q.status) filter.status = q.status;
  if (q.channel) filter.channel = q.channel;
  const [rows, total] = await Promise.all([
    DeliveryModel.find(filter, {
      userId: 1,
      status: 1,
      channel: 1,
      reason: 1,
      skipped: 1,
      phoneSource: 1,
      sentAt: 1,
    })
      .sort({ _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean(),
    DeliveryModel.countDocuments(filter),
  ]);
  return {
    rows: rows.map((d) => ({
      userId: String(d.userId),
      status: d.status,
      channel: d.channel ?? undefined,
      reason: d.reason ?? undefined,
      skipped: (d.skipped ?? []).map((k) => ({ channel: k.channel ?? '', reason: k.reason ?? '' })),
      phoneSource: d.phoneSource === 'holder' ? 'holder' : d.channel === 'sms' ? 'own' : undefined,
      sentAt: d.sentAt ?? undefined,
    })),
    total,
  };
}
