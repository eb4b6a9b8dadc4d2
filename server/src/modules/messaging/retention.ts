/**
 * Message deliveries are kept DELIVERY_RETENTION_DAYS (a notice's delivery report counts them, so the
 * period covers the time anyone asks about a notice), then deleted by a sweep. Only finished ones: a
 * delivery still pending or sending is the sent-marker that keeps its message from going out twice.
 */
import type { AppDeps } from '../../deps';
import { createdBefore, pruneCreatedBefore } from '../../platform/retention';
import { DeliveryModel } from './delivery.model';

export const PRUNE_DELIVERIES = 'messaging.pruneDeliveries';
export const FINISHED_DELIVERY_STATUSES = ['sent', 'failed', 'unreachable', 'uncertain', 'cancelled'];

export async function pruneDeliveries(now: Date, days: number): Promise<number> {
  return pruneCreatedBefore(DeliveryModel, createdBefore(now, days), {
    status: { $in: FINISHED_DELIVERY_STATUSES },
  });
}

export const pruneDeliveriesJob = (deps: AppDeps) => async () => ({
  deleted: await pruneDeliveries(deps.clock.now(), deps.config.DELIVERY_RETENTION_DAYS),
});
