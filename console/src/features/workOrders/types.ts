/** The work-order screens read the staff view of an order (StaffWorkOrder in types/src/workorders.ts). */
import type { StaffWorkOrder, WorkOrderAction, WorkOrderDetail } from '@portal/types';

export type WorkOrder = StaffWorkOrder;

/** getWorkOrder answers staff with the StaffWorkOrder view (its declared type also covers the resident view). */
export const staffView = (o: WorkOrderDetail | undefined): WorkOrder | undefined =>
  o && o.history !== undefined && o.sla !== undefined ? (o as WorkOrder) : undefined;

/** Orders are addressed by their number (WO…) in URLs and calls. */
export const orderKey = (o: Pick<WorkOrder, 'orderNo'>): string => o.orderNo;
export const orderParams = (orderNo: string) => ({ orderNo });

export const isClosed = (o: Pick<WorkOrder, 'state'>): boolean => o.state !== 'open';
export const breached = (o: Pick<WorkOrder, 'sla'>): boolean => o.sla.some((c) => c.status === 'breached');

/** Board columns: node keys of the field flow (server/src/modules/workorders/config/defaults.ts). */
export const BOARD_COLUMNS = [
  'accepted',
  'dispatched',
  'taken',
  'departed',
  'arrived',
  'processing',
  'completed',
];

/** The technician's next step at each node (transitionWorkOrder action and its button). */
export const NEXT_FIELD_STEP: Record<
  string,
  { action: WorkOrderAction & ('accept' | 'depart' | 'arrive' | 'start'); label: string }
> = {
  dispatched: { action: 'accept', label: '接单' },
  taken: { action: 'depart', label: '出发' },
  departed: { action: 'arrive', label: '已到达' },
  arrived: { action: 'start', label: '开始处理' },
};

/** Nodes where the technician is on the way or on site: their position is shared while in them. */
export const ON_JOB = ['departed', 'arrived', 'processing'];
