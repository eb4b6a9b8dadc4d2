import { SlaCountdown } from './SlaCountdown';
import { breached, isClosed, type WorkOrder } from './types';

/** The order's nearest SLA deadline as a countdown. */
export function OrderSla({ order }: { order: WorkOrder }) {
  return (
    <SlaCountdown
      dueAt={order.slaDueAt}
      closed={isClosed(order)}
      breached={order.escalated || breached(order)}
    />
  );
}
