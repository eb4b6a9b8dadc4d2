/** What became of the messages of one group (a notice's push): counts by status, channel and reason. */
import { DeliveryModel } from './delivery.model';

export type DeliveryTallyRow = { status: string; channel?: string; reason?: string; n: number };

export async function deliveryTally(group: string): Promise<DeliveryTallyRow[]> {
  const rows = await DeliveryModel.aggregate<{ _id: { status: string; channel?: string; reason?: string }; n: number }>([
    { $match: { group } },
    { $group: { _id: { status: '$status', channel: '$channel', reason: '$reason' }, n: { $sum: 1 } } },
  ]);
  return rows.map((r) => ({ status: r._id.status, channel: r._id.channel ?? undefined, reason: r._id.reason ?? undefined, n: r.n }));
}
