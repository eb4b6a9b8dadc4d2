/**
 * New-order alerts on staff phones (WeCom application messages): the dispatchers covering the order's area
 * and the technician it was dispatched to, in one card. Enqueued in the step that creates the order (keyed
 * by the order number, so a repeat adds nothing) when WeCom is set up; the job is the outbox entry.
 */
import { WORK_ORDER_TYPE_LABELS } from '@portal/types/src/workOrderLabels';
import type { AppDeps } from '../../../deps';
import { enqueue } from '../../../platform/outbox/outbox';
import { formatShanghai } from '../../../platform/time';
import { staffCard, staffCovering } from '../../accounts';
import { consoleLink, sendWecomCard, wecomConfigured } from '../../messaging';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

export const NEW_ORDER_ALERT = 'workorders.newOrder.alert';

export async function alertNewOrder(deps: AppDeps, order: Pick<WorkOrder, 'orderNo'>): Promise<void> {
  if (!wecomConfigured(deps)) return;
  await enqueue({
    kind: NEW_ORDER_ALERT,
    dedupeKey: `wo-new:${order.orderNo}`,
    payload: { orderNo: order.orderNo },
  });
}

const PRIORITY: Record<string, string> = { urgent: '紧急', high: '加急', normal: '普通', low: '低' };

export const newOrderAlertJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const order = await WorkOrderModel.findOne(
    { orderNo: String(payload.orderNo) },
    {
      orderNo: 1,
      type: 1,
      priority: 1,
      areaCode: 1,
      address: 1,
      description: 1,
      assigneeId: 1,
      createdAt: 1,
    },
  ).lean<WorkOrder>();
  if (!order) return { sent: false };
  const [dispatchers, assignee] = await Promise.all([
    staffCovering('dispatcher', order.areaCode),
    order.assigneeId ? staffCard(String(order.assigneeId)) : null,
  ]);
  const touser = [
    ...new Set(
      [...dispatchers, ...(assignee ? [assignee] : [])].flatMap((s) =>
        s.wecomUserId ? [s.wecomUserId] : [],
      ),
    ),
  ];
  const type = WORK_ORDER_TYPE_LABELS[order.type as keyof typeof WORK_ORDER_TYPE_LABELS] ?? order.type;
  return sendWecomCard(deps, {
    touser,
    title: `新工单 ${order.orderNo}(${type})`,
    description: [
      `<div class="gray">${formatShanghai(order.createdAt)}</div>`,
      `<div class="normal">${order.address ?? ''}</div>`,
      `<div class="normal">${(order.description ?? '').slice(0, 60)}</div>`,
      `<div class="highlight">${PRIORITY[order.priority] ?? order.priority}</div>`,
    ].join(''),
    url: consoleLink(deps, `work-orders/${order.orderNo}`),
    btntxt: '查看工单',
  });
};
