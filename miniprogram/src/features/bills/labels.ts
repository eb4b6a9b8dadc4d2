/** What residents read about a bill: where and how it was paid, and where this year's usage stands in the tiers. */
import type { BillPaidVia, TierPosition, YearOnYear } from '@portal/types';

const CHANNELS: Record<BillPaidVia['channel'], string> = {
  mp: '微信小程序',
  h5: '微信公众号',
  qr: '扫码缴费',
  counter: '营业厅柜台',
  bank: '银行代收',
  offline: '线下缴费',
};

const METHODS: Record<BillPaidVia['method'], string> = {
  wechatPay: '微信支付',
  cash: '现金',
  card: '银行卡',
  bankDebit: '银行代扣',
  transfer: '转账',
  other: '其他方式',
};

/** "营业厅柜台(朝阳区营业厅)· 现金". */
export function paidViaText(via: BillPaidVia): string {
  const where = via.place ? `${CHANNELS[via.channel]}(${via.place})` : CHANNELS[via.channel];
  return `${where} · ${METHODS[via.method]}`;
}

/** Usage to at most 3 decimals, without trailing zeros. */
export const formatUsage = (n: number) => String(Math.round(n * 1000) / 1000);

/** "今年已用 212 m³,第一阶梯剩余 138 m³" (or "已进入第三阶梯" in the last one). */
export function tierPositionText(p: TierPosition): string {
  const used = `今年已用 ${formatUsage(p.usedThisYear)} ${p.unit}`;
  const tier = p.tiers[p.currentTier];
  if (!tier) return used;
  if (p.remainingInTier === null) return `${used},已进入${tier.label}`;
  return `${used},${tier.label}剩余 ${formatUsage(p.remainingInTier)} ${p.unit}`;
}

/** "比去年同期多用 12.5%" / "少用" / "持平"; undefined without last year's usage. */
export function changeText(changePercent: number | null): string | undefined {
  if (changePercent === null) return undefined;
  if (changePercent === 0) return '与去年同期持平';
  return `比去年同期${changePercent > 0 ? '多用' : '少用'} ${Math.abs(changePercent)}%`;
}

export function yearOnYearText(y: YearOnYear, unit: string): string {
  if (y.lastYearUsage === null) return `去年同期(${y.lastYearPeriod})没有账单`;
  return `去年同期 ${formatUsage(y.lastYearUsage)} ${unit},${changeText(y.changePercent)}`;
}
