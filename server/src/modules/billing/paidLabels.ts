/** Chinese names of where and how a bill was paid, for what the server prints (PDF receipts). */
import type { PaidChannel, PaidMethod } from '@portal/types';

export const PAID_CHANNEL_NAMES: Record<PaidChannel, string> = {
  mp: '微信小程序',
  h5: '微信公众号',
  qr: '一户一码扫码',
  counter: '营业厅柜台',
  bank: '银行代收',
  offline: '线下缴费',
};

export const PAID_METHOD_NAMES: Record<PaidMethod, string> = {
  wechatPay: '微信支付',
  cash: '现金',
  card: '银行卡',
  bankDebit: '银行代扣',
  transfer: '转账',
  other: '其他',
};

export const UTILITY_NAMES = { gas: '燃气', water: '自来水', heating: '供热' } as const;
