/**
 * 注销, messaging's part: the resident's subscribe-message grants and their finished deliveries. A
 * delivery still pending or sending stays (it is the marker that keeps its message from going twice);
 * with no openid or phone left it ends unreachable, and the retention sweep removes it later.
 */
import { DeliveryModel } from './delivery.model';
import { FINISHED_DELIVERY_STATUSES } from './retention';
import { SubscriptionModel } from './subscription.model';

export async function forgetMessageRecipient(userId: string): Promise<Record<string, number>> {
  const grants = await SubscriptionModel.deleteMany({ userId });
  const deliveries = await DeliveryModel.deleteMany({ userId, status: { $in: FINISHED_DELIVERY_STATUSES } });
  return { grantsDeleted: grants.deletedCount, deliveriesDeleted: deliveries.deletedCount };
}
