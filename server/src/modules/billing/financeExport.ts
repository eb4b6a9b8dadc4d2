/**
 * 收款凭证导出: the day's WeChat receipts (payments that succeeded that day) and refunds (confirmed that day)
 * as accounting vouchers the finance system imports, in the column layout of 金蝶 (Kingdee K/3 / 云星空
 * 凭证引入) or 用友 (Yonyou U8 / T+ 凭证导入). One voucher per payment: 借 the WeChat cash subject, 贷 the
 * receivable subject with the 户号 as its customer (辅助核算); a refund is the reverse voucher. Subjects come
 * from config (FINANCE_CASH_SUBJECT / FINANCE_RECEIVABLE_SUBJECT, "code name"). The README lists the columns.
 */
import type { ReceiptExportQuery } from '@portal/types';
import { fenToYuan } from '@portal/types/src/money';
import type { AppDeps } from '../../deps';
import { actorOf, audit } from '../../platform/audit';
import type { StaffAuth } from '../../platform/auth/auth';
import { inArea } from '../../platform/auth/areaScope';
import { tableToCsv, tableToXlsx, type SheetTable } from '../../platform/spreadsheetWrite';
import { dayStart, DAY_MS, formatShanghai } from '../../platform/time';
import { PaymentModel, type PaymentDoc } from './payment.model';

type Entry = {
  kind: 'receipt' | 'refund';
  voucherNo: number;
  line: number;
  summary: string;
  subject: string;
  debitFen: number;
  creditFen: number;
  accountNo: string;
  /** The 户号 as the receivable's customer (辅助核算); empty on the cash line. */
  customer: string;
  outTradeNo: string;
  outRefundNo: string;
  transactionId: string;
};

const splitSubject = (s: string) => {
  const [code, ...name] = s.trim().split(/\s+/);
  return { code: code ?? '', name: name.join(' ') };
};

/** The vouchers of one Shanghai day, in time order, numbered from 1. */
export function vouchersOf(
  payments: PaymentDoc[],
  day: { from: Date; to: Date },
  subjects: { cash: string; receivable: string },
): Entry[] {
  const within = (d?: Date | null) => !!d && d >= day.from && d < day.to;
  type Event = { at: Date; kind: Entry['kind']; p: PaymentDoc; amountFen: number; outRefundNo: string };
  const events: Event[] = [];
  for (const p of payments) {
    if (within(p.paidAt) && p.status !== 'pending' && p.status !== 'closed')
      events.push({ at: p.paidAt!, kind: 'receipt', p, amountFen: p.amountFen, outRefundNo: '' });
    for (const r of p.refunds ?? [])
      if (r.status === 'success' && within(r.succeededAt))
        events.push({
          at: r.succeededAt!,
          kind: 'refund',
          p,
          amountFen: r.amountFen,
          outRefundNo: r.outRefundNo,
        });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return events.flatMap((e, i) => {
    const receipt = e.kind === 'receipt';
    const summary = `${receipt ? '微信缴费' : '微信退款'} 户号${e.p.accountNo}`;
    const base = {
      kind: e.kind,
      voucherNo: i + 1,
      summary,
      accountNo: e.p.accountNo,
      outTradeNo: e.p.outTradeNo,
      outRefundNo: e.outRefundNo,
      transactionId: e.p.transactionId ?? '',
    };
    const cash = { ...base, subject: subjects.cash, customer: '' };
    const receivable = { ...base, subject: subjects.receivable, customer: e.p.accountNo };
    return receipt
      ? [
          { ...cash, line: 1, debitFen: e.amountFen, creditFen: 0 },
          { ...receivable, line: 2, debitFen: 0, creditFen: e.amountFen },
        ]
      : [
          { ...receivable, line: 1, debitFen: e.amountFen, creditFen: 0 },
          { ...cash, line: 2, debitFen: 0, creditFen: e.amountFen },
        ];
  });
}

/** The columns each finance system's voucher import expects (documented in the README). */
function layoutTable(
  q: Pick<ReceiptExportQuery, 'layout' | 'format' | 'date'>,
  entries: Entry[],
  maker: string,
): SheetTable {
  const { layout, date } = q;
  // A workbook gets number cells (Excel's 2-decimal yuan, for the import to sum); a CSV the exact text.
  const yuan = (fen: number) => (q.format === 'xlsx' ? fen / 100 : fenToYuan(fen, { grouping: false }));
  const [year, month] = date.split('-');
  if (layout === 'yonyou')
    return {
      name: `用友凭证-${date}`,
      columns: [
        '制单日期',
        '凭证类别',
        '凭证编号',
        '摘要',
        '科目编码',
        '科目名称',
        '借方金额',
        '贷方金额',
        '客户编码',
        '制单人',
        '外部单据号',
        '微信支付单号',
      ],
      rows: entries.map((e) => [
        date,
        e.kind === 'receipt' ? '收' : '付',
        e.voucherNo,
        e.summary,
        splitSubject(e.subject).code,
        splitSubject(e.subject).name,
        yuan(e.debitFen),
        yuan(e.creditFen),
        e.customer,
        maker,
        e.outRefundNo || e.outTradeNo,
        e.transactionId,
      ]),
    };
  return {
    name: `金蝶凭证-${date}`,
    columns: [
      '凭证日期',
      '会计年度',
      '会计期间',
      '凭证字',
      '凭证号',
      '分录号',
      '摘要',
      '科目代码',
      '科目名称',
      '币别',
      '借方金额',
      '贷方金额',
      '核算项目-客户',
      '制单人',
      '业务单号',
      '微信支付单号',
    ],
    rows: entries.map((e) => [
      date,
      Number(year),
      Number(month),
      e.kind === 'receipt' ? '收' : '付',
      e.voucherNo,
      e.line,
      e.summary,
      splitSubject(e.subject).code,
      splitSubject(e.subject).name,
      'RMB',
      yuan(e.debitFen),
      yuan(e.creditFen),
      e.customer,
      maker,
      e.outRefundNo || e.outTradeNo,
      e.transactionId,
    ]),
  };
}

export async function exportReceipts(
  deps: AppDeps,
  auth: StaffAuth,
  q: ReceiptExportQuery,
  requestId?: string,
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  const from = dayStart(q.date);
  const to = new Date(from.getTime() + DAY_MS);
  const range = { $gte: from, $lt: to };
  const payments = (
    await PaymentModel.find({ $or: [{ paidAt: range }, { 'refunds.succeededAt': range }] }).lean<
      PaymentDoc[]
    >()
  ).filter((p) => inArea(auth, 'payments', p.areaCode));
  const entries = vouchersOf(
    payments,
    { from, to },
    {
      cash: deps.config.FINANCE_CASH_SUBJECT,
      receivable: deps.config.FINANCE_RECEIVABLE_SUBJECT,
    },
  );
  const table = layoutTable(q, entries, auth.username);
  await audit.record({
    actor: actorOf(auth),
    action: 'payment.exportReceipts',
    target: { kind: 'receipts', id: q.date },
    after: {
      layout: q.layout,
      format: q.format,
      vouchers: entries.length / 2,
      at: formatShanghai(deps.clock.now()),
    },
    requestId,
  });
  return q.format === 'csv'
    ? { fileName: `${table.name}.csv`, contentType: 'text/csv; charset=utf-8', body: tableToCsv(table) }
    : {
        fileName: `${table.name}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await tableToXlsx(table),
      };
}
