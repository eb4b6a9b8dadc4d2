/**
 * The Chinese name of each work-order type and category: one table for the server, the console and the mini-program.
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

/** The Chinese name of each work-order category (`WorkOrderCategory`): what a resident reported. */
export const WORK_ORDER_CATEGORY_LABELS = {
  gasLeak: '燃气泄漏',
  noGas: '无气/停气',
  indoorFault: '户内设施故障',
  applianceFault: '燃气具故障',
  meterFault: '表具故障',
  waterLeak: '漏水/爆管',
  noWater: '停水/无水',
  waterQuality: '水质问题',
  lowPressure: '压力不足',
  heatingCold: '暖气不热',
  other: '其他',
} as const;
