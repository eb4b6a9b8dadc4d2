/** Every Chinese word a resident or staff member sees for work-order codes. */
import type { WorkOrderCategory, WorkOrderPriority, WorkOrderType } from '@portal/types';
import { WORK_ORDER_CATEGORY_LABELS, WORK_ORDER_TYPE_LABELS } from '@portal/types/src/workOrderLabels';

export const TYPE_LABELS: Record<WorkOrderType, string> = WORK_ORDER_TYPE_LABELS;

export const CATEGORY_LABELS: Record<WorkOrderCategory, string> = WORK_ORDER_CATEGORY_LABELS;

export const PRIORITY_LABELS: Record<WorkOrderPriority, string> = {
  urgent: '紧急',
  high: '加急',
  normal: '普通',
  low: '低',
};

export const RAISE_PRIORITY: Record<WorkOrderPriority, WorkOrderPriority> = {
  low: 'normal',
  normal: 'high',
  high: 'urgent',
  urgent: 'urgent',
};

export const CANCELLED_TEXT = '工单已取消';
/** An application (开户/过户/销户) a supervisor turned down: the resident reads why. */
export const rejectionTextOf = (reason: string) => `申请未通过审核:${reason}`;
export const ON_HOLD_TEXT = '等待您确认或补充信息,处理时限已暂停';

/** The gas-leak steps residents see (one text with the mini-program's emergency card). */
export { gasLeakSteps as emergencyInstructions } from '@portal/types/src/safety';

/** Orders whose completion is a written answer to the resident (投诉, 建议/留言): the note is the reply. */
export const REPLY_TYPES: readonly string[] = ['complaint', 'consultation'];
