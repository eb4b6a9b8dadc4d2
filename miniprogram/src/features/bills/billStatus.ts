import type { BillStatus } from '@portal/types';

const labels: Record<BillStatus, string> = {
  unpaid: '待缴费',
  paying: '支付确认中',
  paid: '已缴清',
  overdue: '已逾期',
  cancelled: '已作废',
};

export const billStatusLabel = (status: BillStatus) => labels[status];
