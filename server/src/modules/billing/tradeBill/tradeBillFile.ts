/**
 * Reads WeChat Pay's trade bill file (交易账单, bill_type ALL): a header line, data lines, a summary
 * header and a summary line; comma-separated, every data and summary value prefixed with a backtick.
 * Columns are found by their header name (WeChat says their order may change). Amounts are yuan with
 * two decimals (手续费 with five), read as text into integer fen: never through a float.
 * A file whose lines do not add up to its own summary is refused.
 */
import { errors } from '../../../platform/http/errors';

export type TradeBillPayLine = {
  outTradeNo: string;
  transactionId: string;
  at: string;
  amountFen: number;
};
export type TradeBillRefundLine = {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  transactionId: string;
  at: string;
  amountFen: number;
  /** SUCCESS | PROCESSING | CLOSED | ABNORMAL, as of the bill's making (a snapshot). */
  status: string;
};
export type TradeBillFile = {
  payments: TradeBillPayLine[];
  refunds: TradeBillRefundLine[];
  summary: { count: number; settlementFen: number; refundFen: number; feeFen: number };
};

const malformed = errors.tradeBillMalformed;

/** '12.34' → 1234, '-0.01000' → -1 (fen, rounded half away from zero beyond two decimals). */
export function yuanToFen(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw malformed(`金额「${text}」`);
  const decimals = (m[3] ?? '').padEnd(3, '0');
  const fen = Number(m[2]) * 100 + Number(decimals.slice(0, 2)) + (Number(decimals[2]) >= 5 ? 1 : 0);
  return m[1] ? -fen : fen;
}

const values = (line: string) => line.split(',').map((v) => (v.startsWith('`') ? v.slice(1) : v).trim());

export function parseTradeBill(text: string): TradeBillFile {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const summaryAt = lines.findIndex((l) => l.startsWith('总交易单数'));
  if (lines.length < 3 || summaryAt < 1 || summaryAt !== lines.length - 2) throw malformed('缺少表头或汇总');
  const header = values(lines[0]!);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw malformed(`缺少列「${name}」`);
    return i;
  };
  const c = {
    at: col('交易时间'),
    transactionId: col('微信订单号'),
    outTradeNo: col('商户订单号'),
    state: col('交易状态'),
    settlement: col('应结订单金额'),
    refundId: col('微信退款单号'),
    outRefundNo: col('商户退款单号'),
    refund: col('退款金额'),
    refundStatus: col('退款状态'),
  };
  const payments: TradeBillPayLine[] = [];
  const refunds: TradeBillRefundLine[] = [];
  for (const line of lines.slice(1, summaryAt)) {
    const v = values(line);
    if (v.length < header.length) throw malformed(`明细行字段不足:${line.slice(0, 40)}`);
    const base = { outTradeNo: v[c.outTradeNo]!, transactionId: v[c.transactionId]!, at: v[c.at]! };
    if (v[c.state] === 'REFUND')
      refunds.push({
        ...base,
        outRefundNo: v[c.outRefundNo]!,
        refundId: v[c.refundId]!,
        amountFen: yuanToFen(v[c.refund]!),
        status: v[c.refundStatus]!,
      });
    else payments.push({ ...base, amountFen: yuanToFen(v[c.settlement]!) });
  }
  const sumHeader = values(lines[summaryAt]!);
  const sum = values(lines[summaryAt + 1]!);
  const total = (name: string) => {
    const i = sumHeader.indexOf(name);
    if (i < 0 || sum[i] === undefined) throw malformed(`汇总缺少「${name}」`);
    return sum[i]!;
  };
  const summary = {
    count: Number(total('总交易单数')),
    settlementFen: yuanToFen(total('应结订单总金额')),
    refundFen: yuanToFen(total('退款总金额')),
    feeFen: yuanToFen(total('手续费总金额')),
  };
  const settled = payments.reduce((n, p) => n + p.amountFen, 0);
  const refunded = refunds.reduce((n, r) => n + r.amountFen, 0);
  if (
    summary.count !== payments.length + refunds.length ||
    summary.settlementFen !== settled ||
    summary.refundFen !== refunded
  )
    throw malformed('明细与汇总不符');
  return { payments, refunds, summary };
}
