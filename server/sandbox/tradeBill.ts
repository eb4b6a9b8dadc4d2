/**
 * WeChat Pay's daily trade bill (交易账单), built from the sandbox's own orders and refunds:
 *   GET /v3/bill/tradebill?bill_date=YYYY-MM-DD&bill_type=ALL|SUCCESS|REFUND
 *     → signed {hash_type: 'SHA1', hash_value, download_url} (download_url good for 30 s);
 *   GET /v3/billdownload/file?token=… (merchant-signed request) → the bill's bytes, unsigned (WeChat signs
 *     no download: the SHA1 in the application's signed answer is what proves the file).
 *
 * The file, as WeChat documents it: a header line, one line per payment (on the day it succeeded) and per
 * refund (on the day it was accepted), then a summary header and a summary line; fields comma-separated,
 * every value of the data and summary lines prefixed with a backtick (so Excel keeps long numbers as text).
 * A bill is a snapshot: a refund made later does not change the payment's line. A day's bill exists from
 * 10:00 (Asia/Shanghai) the next day, for three months; before that WeChat answers NO_STATEMENT_EXIST.
 * A day without transactions gets a bill with no data lines and a zero summary.
 */
import { createHash } from 'node:crypto';
import type Router from '@koa/router';
import { fenToYuan } from '@portal/types/src/money';
import { addDays, atShanghai, dayOf, dayStart, formatShanghai, isDay } from '@portal/types/src/time';
import type { ApiName } from './faults';
import { applyFaults, payError, randomId, type Handler, type SandboxCtx } from './http';
import { verifyMerchantRequest } from './payCrypto';
import type { SandboxState } from './state';

export const TRADE_BILL_HEADER = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;
export const TRADE_BILL_SUMMARY_HEADER = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
] as const;

const BILL_TYPES = ['ALL', 'SUCCESS', 'REFUND'] as const;
type BillType = (typeof BILL_TYPES)[number];
/** The download address lives 30 seconds (WeChat's rule). */
const DOWNLOAD_TTL_MS = 30_000;
/** 0.6 %, the usual rate for utilities' JSAPI payments. */
const FEE_PER_MILLE = 6;

export type IssuedBill = { bytes: Buffer; expiresAt: number };
export type TradeBillState = {
  /** Download tokens → the file they fetch. */
  issued: Map<string, IssuedBill>;
  /** The next n downloads have one byte changed (a file damaged on the way: its SHA1 no longer matches). */
  tamperNext: number;
};
export const createTradeBillState = (): TradeBillState => ({ issued: new Map(), tamperNext: 0 });

/** Yuan from integer fen, the bill's money format: two decimals, five for fees. */
const yuan = (fen: number, decimals = 2) => fenToYuan(fen, { grouping: false }) + '0'.repeat(decimals - 2);
const feeOf = (fen: number) => Math.round((fen * FEE_PER_MILLE) / 1000);
const line = (values: Array<string | number>) => values.map((v) => `\`${v}`).join(',');
const time = (d: Date) => formatShanghai(d, 'YYYY-MM-DD HH:mm:ss');

/** The bill file of one Shanghai day. */
export function buildTradeBill(state: SandboxState, day: string, type: BillType): string {
  const from = dayStart(day).getTime();
  const to = from + 24 * 3600_000;
  const within = (d: Date | undefined) => !!d && d.getTime() >= from && d.getTime() < to;
  type Row = {
    at: Date;
    cells: Array<string | number>;
    settle: number;
    refund: number;
    fee: number;
    order: number;
    asked: number;
  };
  const rows: Row[] = [];
  const mchid = state.options.keys.mchid;
  if (type !== 'REFUND') {
    for (const o of state.orders.values()) {
      if (!o.transactionId || !within(o.successTime)) continue;
      const fee = feeOf(o.totalFen);
      rows.push({
        at: o.successTime!,
        settle: o.totalFen,
        refund: 0,
        fee,
        order: o.totalFen,
        asked: 0,
        cells: [
          time(o.successTime!),
          o.appid,
          mchid,
          '0',
          '',
          o.transactionId,
          o.outTradeNo,
          o.openid,
          'JSAPI',
          'SUCCESS',
          'OTHERS',
          'CNY',
          yuan(o.totalFen),
          '0.00',
          '0',
          '0',
          '0.00',
          '0.00',
          '',
          '',
          o.description,
          o.attach ?? '',
          yuan(fee, 5),
          '0.60%',
          yuan(o.totalFen),
          '0.00',
          '',
        ],
      });
    }
  }
  if (type !== 'SUCCESS') {
    for (const r of state.refunds.values()) {
      if (!within(r.createdAt)) continue;
      const o = state.orders.get(r.outTradeNo);
      const fee = -feeOf(r.refundFen);
      rows.push({
        at: r.createdAt,
        settle: 0,
        refund: r.refundFen,
        fee,
        order: 0,
        asked: r.refundFen,
        cells: [
          time(r.createdAt),
          o?.appid ?? '',
          mchid,
          '0',
          '',
          r.transactionId,
          r.outTradeNo,
          o?.openid ?? '',
          'JSAPI',
          'REFUND',
          'OTHERS',
          'CNY',
          '0.00',
          '0.00',
          r.refundId,
          r.outRefundNo,
          yuan(r.refundFen),
          '0.00',
          'ORIGINAL',
          r.status,
          o?.description ?? '',
          o?.attach ?? '',
          yuan(fee, 5),
          '0.60%',
          '0.00',
          yuan(r.refundFen),
          '',
        ],
      });
    }
  }
  rows.sort((a, b) => a.at.getTime() - b.at.getTime());
  const sum = (k: 'settle' | 'refund' | 'fee' | 'order' | 'asked') => rows.reduce((n, r) => n + r[k], 0);
  return [
    TRADE_BILL_HEADER.join(','),
    ...rows.map((r) => line(r.cells)),
    TRADE_BILL_SUMMARY_HEADER.join(','),
    line([
      rows.length,
      yuan(sum('settle')),
      yuan(sum('refund')),
      '0.00',
      yuan(sum('fee'), 5),
      yuan(sum('order')),
      yuan(sum('asked')),
    ]),
  ]
    .join('\r\n')
    .concat('\r\n');
}

/** When a day's bill can be applied for: 10:00 the next day, for three months. */
function billAvailability(day: string, now: Date): 'ready' | 'notYet' | 'tooOld' {
  if (now.getTime() < atShanghai(addDays(day, 1), '10:00').getTime()) return 'notYet';
  if (day < addDays(dayOf(now), -90)) return 'tooOld';
  return 'ready';
}

export function tradeBillRoutes(
  router: Router,
  state: SandboxState,
  signed: (api: ApiName, handler: Handler) => Handler,
): void {
  const bills = state.tradeBills;
  const now = () => state.options.now();

  router.get(
    '/v3/bill/tradebill',
    signed('pay.tradebill', (ctx) => {
      const day = String(ctx.query.bill_date ?? '');
      const type = String(ctx.query.bill_type ?? 'ALL') as BillType;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isDay(day))
        return payError(ctx, 400, 'PARAM_ERROR', '参数错误: bill_date');
      if (!BILL_TYPES.includes(type)) return payError(ctx, 400, 'PARAM_ERROR', '参数错误: bill_type');
      if (ctx.query.tar_type !== undefined)
        return payError(ctx, 400, 'PARAM_ERROR', '沙箱只提供未压缩的账单(不支持 tar_type)');
      const availability = billAvailability(day, now());
      if (availability === 'notYet') return payError(ctx, 400, 'NO_STATEMENT_EXIST', '账单尚未生成');
      if (availability === 'tooOld') return payError(ctx, 400, 'INVALID_REQUEST', '只能下载三个月内的账单');
      const bytes = Buffer.from(buildTradeBill(state, day, type), 'utf8');
      const token = randomId(40);
      bills.issued.set(token, { bytes, expiresAt: now().getTime() + DOWNLOAD_TTL_MS });
      ctx.body = {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(bytes).digest('hex'),
        download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${token}`,
      };
    }),
  );

  router.get('/v3/billdownload/file', async (ctx: SandboxCtx) => {
    if ((await applyFaults(state, 'pay.billdownload', 'pay', ctx)).answered) return;
    const check = verifyMerchantRequest(state, {
      method: ctx.method,
      url: ctx.originalUrl,
      body: ctx.state.raw,
      authorization: ctx.get('authorization'),
    });
    if (!check.ok) return payError(ctx, 401, 'SIGN_ERROR', check.message);
    const issued = bills.issued.get(String(ctx.query.token ?? ''));
    if (!issued || issued.expiresAt <= now().getTime())
      return payError(ctx, 400, 'INVALID_REQUEST', '下载地址无效或已过期');
    let bytes = issued.bytes;
    if (bills.tamperNext > 0) {
      bills.tamperNext--;
      bytes = Buffer.from(bytes);
      // A digit of the first amount changes: the file still parses, only the hash can tell.
      const at = bytes.indexOf('.', bytes.indexOf('\n'));
      if (at > 0) bytes[at - 1] = bytes[at - 1] === 0x39 ? 0x30 : bytes[at - 1] + 1;
    }
    ctx.status = 200;
    ctx.type = 'application/octet-stream';
    ctx.body = bytes;
  });
}
