/**
 * Resident notifications for work orders: one 'message.send' outbox entry per resident-visible
 * change, keyed by order + node + change number so a retried step never sends twice.
 */
import { MessageSendPayload } from '@portal/types';
import { enqueueMessage, enqueueMessages } from '../../messaging';
import { maskPhone } from '../../../platform/mask';
import { TYPE_LABELS } from './labels';
import { pageLink, type WorkOrderType } from '@portal/types';

export type NotifyOrder = {
  orderNo: string;
  accountNo: string;
  type: string;
  status: string;
  seq: number;
  assigneeName?: string | null;
  assigneePhone?: string | null;
  eta?: Date | null;
  residentUserId?: string | null;
};

/**
 * Who hears about an order: the households' bound residents; for a 过户/销户 the applicant alone (the
 * household changes hands along the way, and neither the next holder nor nobody should get the news);
 * for a 开户 the applicant too (the account exists, and has residents, only once it is approved).
 */
const HANDOVER_TYPES = ['accountTransfer', 'accountClose', 'accountOpen'];
const audience = (order: NotifyOrder) =>
  HANDOVER_TYPES.includes(order.type) && order.residentUserId
    ? { userId: order.residentUserId }
    : { accountNo: order.accountNo };

export const orderPage = (orderNo: string) => pageLink('orderDetail', { orderNo });

const statusMessage = (order: NotifyOrder, statusLabel: string, text: string, at: Date) => ({
  payload: MessageSendPayload.parse({
    ...audience(order),
    event: 'orderStatus',
    data: {
      orderNo: order.orderNo,
      status: statusLabel.slice(0, 5),
      title: `${TYPE_LABELS[order.type as WorkOrderType] ?? order.type}:${text}`,
      updatedAt: at.toISOString(),
    },
    page: orderPage(order.orderNo),
  }),
  dedupeKey: `wo:${order.orderNo}:${order.status}:${order.seq}`,
});

export async function notifyOrderStatus(
  order: NotifyOrder,
  statusLabel: string,
  text: string,
  at: Date,
): Promise<void> {
  const m = statusMessage(order, statusLabel, text, at);
  await enqueueMessage(m.payload, m.dedupeKey);
}

/** Several status messages of one step in one write (an order accepted and dispatched at once). */
export async function notifyOrderStatuses(
  steps: { order: NotifyOrder; statusLabel: string; text: string }[],
  at: Date,
): Promise<void> {
  await enqueueMessages(steps.map((s) => statusMessage(s.order, s.statusLabel, s.text, at)));
}

export async function notifyTechnicianAssigned(order: NotifyOrder, at: Date): Promise<void> {
  await enqueueMessage(
    {
      accountNo: order.accountNo,
      event: 'technicianAssigned',
      data: {
        orderNo: order.orderNo,
        technicianName: order.assigneeName ?? '',
        technicianPhone: maskPhone(order.assigneePhone),
        expectedAt: (order.eta ?? at).toISOString(),
      },
      page: orderPage(order.orderNo),
    },
    `wo:${order.orderNo}:${order.status}:${order.seq}:technician`,
  );
}
