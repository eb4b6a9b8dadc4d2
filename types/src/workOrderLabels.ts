/**
 * The Chinese name of each work-order type: one table for the server, the console and the mini-program.
 * Plain data with no zod import, so web bundles can import this file directly (`@portal/types/src/workOrderLabels`).
 */
export const WORK_ORDER_TYPE_LABELS = {
  repair: '报修',
  inspection: '安检',
  installation: '报装',
  activation: '点火通气',
  meterChange: '换表',
  accountOpen: '开户',
  accountTransfer: '过户',
  accountClose: '销户',
  supplySuspend: '报停',
  supplyResume: '复供',
  valveClose: '关阀封表',
  valveOpen: '开阀复供',
  complaint: '投诉',
  consultation: '咨询',
} as const;
