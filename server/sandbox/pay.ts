/**
 * WeChat Pay v3 (api.mch.weixin.qq.com): JSAPI prepay, query, close, refund, platform certificates,
 * and the resident's "pay" action. Every request must carry the merchant's signature; every
 * response is signed by the platform.
 */
import { X509Certificate } from 'node:crypto';
import type Router from '@koa/router';
import { applyFaults, payError, randomId, type Handler, type SandboxCtx, type LooseBody } from './http';
import type { ApiName } from './faults';
import type { Notifier } from './notifier';
import { rfc3339 } from './notifier';
import {
  encryptResource,
  forgedKey,
  responseSigningKey,
  signedHeaders,
  verifyMerchantRequest,
} from './payCrypto';
import { checkRequestPayment, type RequestPayment } from './paySheet';
import type { Order, Refund, RefundStatus, SandboxState } from './state';
import { tradeBillRoutes } from './tradeBill';

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
/** How long a prepay_id can be paid with (WeChat: 2 hours). */
export const PREPAY_TTL_MS = 2 * 3600_000;
/** RFC 3339 with an offset, as time_expire must be written: 2026-12-01T10:34:56+08:00. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

export function transactionView(order: Order): Record<string, unknown> {
  const paid = order.state === 'SUCCESS' || order.state === 'REFUND';
  const desc = { NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款' }[order.state];
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(order.transactionId ? { transaction_id: order.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: order.state,
    trade_state_desc: desc,
    ...(paid ? { bank_type: 'OTHERS', success_time: rfc3339(order.successTime!) } : {}),
    ...(order.attach !== undefined ? { attach: order.attach } : {}),
    payer: { openid: order.openid },
    amount: {
      total: order.totalFen,
      currency: 'CNY',
      ...(paid ? { payer_total: order.totalFen, payer_currency: 'CNY' } : {}),
    },
  };
}

function refundView(r: Refund): Record<string, unknown> {
  return {
    refund_id: r.refundId,
    out_refund_no: r.outRefundNo,
    transaction_id: r.transactionId,
    out_trade_no: r.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    create_time: rfc3339(r.createdAt),
    ...(r.successTime ? { success_time: rfc3339(r.successTime) } : {}),
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.totalFen,
      refund: r.refundFen,
      payer_total: r.totalFen,
      payer_refund: r.refundFen,
      settlement_total: r.totalFen,
      settlement_refund: r.refundFen,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}

/** https, no query string (WeChat's rule); http to this machine only with the `httpNotifyUrl` leniency. */
function validNotifyUrl(state: SandboxState, url: unknown): boolean {
  if (typeof url !== 'string' || url.length > 256) return false;
  try {
    const u = new URL(url);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    const httpAllowed = local && state.options.leniency.has('httpNotifyUrl');
    return (u.protocol === 'https:' || (u.protocol === 'http:' && httpAllowed)) && u.search === '';
  } catch {
    return false;
  }
}

export function payRoutes(router: Router, state: SandboxState, notifier: Notifier): void {
  const keys = state.options.keys;
  const now = () => state.options.now();

  /**
   * Faults → merchant signature check → handler → an answer signed by the platform, errors and
   * injected faults included (as WeChat signs every answer it gives), with the key the request's
   * Wechatpay-Serial asks for.
   */
  const signed =
    (api: ApiName, handler: Handler): Handler =>
    async (ctx) => {
      const faults = await applyFaults(state, api, 'pay', ctx);
      const requested = ctx.get('wechatpay-serial') || undefined;
      let key = responseSigningKey(state, requested);
      if (!faults.answered) {
        const check = verifyMerchantRequest(state, {
          method: ctx.method,
          url: ctx.originalUrl,
          body: ctx.state.raw,
          authorization: ctx.get('authorization'),
        });
        if (!check.ok) payError(ctx, 401, 'SIGN_ERROR', check.message);
        else if (!key) payError(ctx, 400, 'PARAM_ERROR', `Wechatpay-Serial 无效: ${requested}`);
        else await handler(ctx);
      }
      key ??= responseSigningKey(state, undefined)!;
      if (faults.forged) key = forgedKey(key.serial);
      const body = ctx.body === undefined || ctx.body === null ? '' : JSON.stringify(ctx.body);
      ctx.set(signedHeaders(key, body, Math.floor(now().getTime() / 1000)));
      ctx.set('Request-ID', randomId(32));
    };

  router.post(
    '/v3/pay/transactions/jsapi',
    signed('pay.jsapi', (ctx) => {
      const b = ctx.state.json as LooseBody | undefined;
      if (!b || typeof b !== 'object') return payError(ctx, 400, 'PARAM_ERROR', '请求体不是有效的 JSON');
      if (b.mchid !== keys.mchid || (b.appid !== keys.appid && b.appid !== keys.oaAppid)) {
        return payError(ctx, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
      }
      const problems: string[] = [];
      if (typeof b.description !== 'string' || !b.description || b.description.length > 127)
        problems.push('description');
      if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no))
        problems.push('out_trade_no');
      if (!validNotifyUrl(state, b.notify_url)) problems.push('notify_url');
      if (
        b.time_expire !== undefined &&
        (typeof b.time_expire !== 'string' ||
          !RFC3339.test(b.time_expire) ||
          Number.isNaN(Date.parse(b.time_expire)))
      ) {
        problems.push('time_expire');
      }
      const total = b.amount?.total;
      if (!Number.isInteger(total) || total < 1) problems.push('amount.total');
      if (b.amount?.currency !== undefined && b.amount.currency !== 'CNY') problems.push('amount.currency');
      if (typeof b.payer?.openid !== 'string' || !b.payer.openid) problems.push('payer.openid');
      if (problems.length) return payError(ctx, 400, 'PARAM_ERROR', `参数错误: ${problems.join(', ')}`);
      const existing = state.orders.get(b.out_trade_no);
      if (existing) {
        if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
          return payError(ctx, 400, 'ORDERPAID', '该订单已支付');
        if (existing.state === 'CLOSED') return payError(ctx, 400, 'ORDER_CLOSED', '订单已关闭');
        if (JSON.stringify(existing.request) !== JSON.stringify(b)) {
          return payError(ctx, 400, 'INVALID_REQUEST', '201 商户订单号重复');
        }
        // The same order again: its prepay_id while that is valid, a new one after its 2 hours.
        if (existing.prepayExpiresAt.getTime() <= now().getTime()) {
          existing.prepayId = `wx${randomId(34)}`;
          existing.prepayExpiresAt = new Date(now().getTime() + PREPAY_TTL_MS);
        }
        ctx.body = { prepay_id: existing.prepayId };
        return;
      }
      const order: Order = {
        request: b,
        appid: b.appid,
        mchid: b.mchid,
        outTradeNo: b.out_trade_no,
        description: b.description,
        notifyUrl: b.notify_url,
        attach: b.attach,
        totalFen: total,
        openid: b.payer.openid,
        prepayId: `wx${randomId(34)}`,
        prepayExpiresAt: new Date(now().getTime() + PREPAY_TTL_MS),
        timeExpire: b.time_expire ? new Date(b.time_expire) : undefined,
        createdAt: now(),
        state: 'NOTPAY',
      };
      state.orders.set(order.outTradeNo, order);
      ctx.body = { prepay_id: order.prepayId };
    }),
  );

  const queryOrder = (find: (ctx: SandboxCtx) => Order | undefined) => (ctx: SandboxCtx) => {
    if (ctx.query.mchid !== keys.mchid) return payError(ctx, 400, 'PARAM_ERROR', 'mchid 有误');
    const order = find(ctx);
    if (!order) return payError(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
    ctx.body = transactionView(order);
  };
  router.get(
    '/v3/pay/transactions/out-trade-no/:outTradeNo',
    signed(
      'pay.query',
      queryOrder((ctx) => state.orders.get(ctx.params.outTradeNo)),
    ),
  );
  router.get(
    '/v3/pay/transactions/id/:transactionId',
    signed(
      'pay.query',
      queryOrder((ctx) =>
        [...state.orders.values()].find((o) => o.transactionId === ctx.params.transactionId),
      ),
    ),
  );

  router.post(
    '/v3/pay/transactions/out-trade-no/:outTradeNo/close',
    signed('pay.close', (ctx) => {
      const order = state.orders.get(ctx.params.outTradeNo);
      if ((ctx.state.json as { mchid?: string } | undefined)?.mchid !== keys.mchid)
        return payError(ctx, 400, 'PARAM_ERROR', 'mchid 有误');
      if (!order) return payError(ctx, 404, 'ORDER_NOT_EXIST', '订单不存在');
      if (order.state === 'SUCCESS' || order.state === 'REFUND')
        return payError(ctx, 400, 'ORDER_PAID', '订单已支付');
      order.state = 'CLOSED';
      ctx.status = 204;
    }),
  );

  router.post(
    '/v3/refund/domestic/refunds',
    signed('pay.refund', (ctx) => {
      const b = (ctx.state.json ?? {}) as LooseBody;
      const order = b.transaction_id
        ? [...state.orders.values()].find((o) => o.transactionId === b.transaction_id)
        : state.orders.get(b.out_trade_no);
      if (typeof b.out_refund_no !== 'string' || !OUT_TRADE_NO.test(b.out_refund_no))
        return payError(ctx, 400, 'PARAM_ERROR', '参数错误: out_refund_no');
      if (!Number.isInteger(b.amount?.refund) || b.amount.refund < 1)
        return payError(ctx, 400, 'PARAM_ERROR', '参数错误: amount.refund');
      if (b.amount?.currency !== 'CNY') return payError(ctx, 400, 'PARAM_ERROR', '参数错误: amount.currency');
      if (b.notify_url !== undefined && !validNotifyUrl(state, b.notify_url))
        return payError(ctx, 400, 'PARAM_ERROR', '参数错误: notify_url');
      if (!order) return payError(ctx, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
      if (!order.transactionId) return payError(ctx, 400, 'INVALID_REQUEST', '订单未支付');
      if (b.amount.total !== order.totalFen)
        return payError(ctx, 400, 'INVALID_REQUEST', '订单金额与退款金额不符');
      const again = state.refunds.get(b.out_refund_no);
      if (again) {
        ctx.body = refundView(again);
        return;
      }
      // What this order has refunded or is refunding (a CLOSED refund gave its amount back).
      const refunded = [...state.refunds.values()]
        .filter((r) => r.outTradeNo === order.outTradeNo && r.status !== 'CLOSED')
        .reduce((s, r) => s + r.refundFen, 0);
      if (refunded + b.amount.refund > order.totalFen)
        return payError(ctx, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      // NOT_ENOUGH is only the merchant's balance: the same refund succeeds once money has come in.
      if (state.merchantBalanceFen !== undefined && state.merchantBalanceFen < b.amount.refund)
        return payError(ctx, 403, 'NOT_ENOUGH', '商户账户余额不足');
      if (state.merchantBalanceFen !== undefined) state.merchantBalanceFen -= b.amount.refund;
      const refund: Refund = {
        refundId: `50${randomId(30).replace(/\D/g, '7')}`,
        outRefundNo: b.out_refund_no,
        outTradeNo: order.outTradeNo,
        transactionId: order.transactionId,
        refundFen: b.amount.refund,
        totalFen: order.totalFen,
        reason: b.reason,
        notifyUrl: b.notify_url,
        status: 'PROCESSING',
        createdAt: now(),
      };
      state.refunds.set(refund.outRefundNo, refund);
      ctx.body = refundView(refund);
      // The refund ends after the answer (or stays PROCESSING until settled), then the merchant is told.
      const plan = state.refundPlan;
      if (!('hold' in plan)) {
        const t = setTimeout(
          () => settleRefund(state, notifier, refund.outRefundNo, plan.outcome),
          plan.afterMs,
        );
        t.unref();
      }
    }),
  );

  router.get(
    '/v3/refund/domestic/refunds/:outRefundNo',
    signed('pay.refund.query', (ctx) => {
      const refund = state.refunds.get(ctx.params.outRefundNo);
      if (!refund) return payError(ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      ctx.body = refundView(refund);
    }),
  );

  tradeBillRoutes(router, state, signed);

  router.get(
    '/v3/certificates',
    signed('pay.certificates', (ctx) => {
      if (state.options.verification === 'publicKey')
        return payError(ctx, 403, 'NOT_ENOUGH', '商户已切换为微信支付公钥模式,无可用平台证书');
      const cert = new X509Certificate(keys.platform.certPem);
      ctx.body = {
        data: [
          {
            serial_no: keys.platform.serial,
            effective_time: rfc3339(new Date(cert.validFrom)),
            expire_time: rfc3339(new Date(cert.validTo)),
            encrypt_certificate: encryptResource(keys.apiV3Key, keys.platform.certPem, 'certificate'),
          },
        ],
      };
    }),
  );
}

const REFUND_SUMMARY: Record<Exclude<RefundStatus, 'PROCESSING'>, string> = {
  SUCCESS: '退款成功',
  CLOSED: '退款关闭',
  ABNORMAL: '退款异常',
};

/**
 * Ends a PROCESSING refund: SUCCESS (the money reached the payer), CLOSED (it did not; the merchant
 * keeps it) or ABNORMAL (the payer's card refused it; the merchant handles it in the merchant
 * platform), and tells the merchant with REFUND.SUCCESS / REFUND.CLOSED / REFUND.ABNORMAL.
 */
export function settleRefund(
  state: SandboxState,
  notifier: Notifier,
  outRefundNo: string,
  outcome: Exclude<RefundStatus, 'PROCESSING'>,
): boolean {
  const refund = state.refunds.get(outRefundNo);
  if (!refund || refund.status !== 'PROCESSING') return false;
  const keys = state.options.keys;
  refund.status = outcome;
  if (outcome === 'SUCCESS') refund.successTime = state.options.now();
  if (outcome === 'CLOSED' && state.merchantBalanceFen !== undefined)
    state.merchantBalanceFen += refund.refundFen;
  const order = state.orders.get(refund.outTradeNo);
  if (order && outcome === 'SUCCESS') order.state = 'REFUND';
  if (!refund.notifyUrl) return true;
  notifier.send({
    eventType: `REFUND.${outcome}`,
    url: refund.notifyUrl,
    outTradeNo: refund.outTradeNo,
    summary: REFUND_SUMMARY[outcome],
    originalType: 'refund',
    resource: {
      mchid: keys.mchid,
      out_trade_no: refund.outTradeNo,
      transaction_id: refund.transactionId,
      out_refund_no: refund.outRefundNo,
      refund_id: refund.refundId,
      refund_status: outcome,
      ...(refund.successTime ? { success_time: rfc3339(refund.successTime) } : {}),
      user_received_account: '支付用户零钱',
      amount: {
        total: refund.totalFen,
        refund: refund.refundFen,
        payer_total: refund.totalFen,
        payer_refund: refund.refundFen,
      },
    },
  });
  return true;
}

/**
 * What the resident's confirmation in WeChat does: the order is paid and the merchant is notified.
 * Refused when the order is closed or paid, its prepay_id is past its 2 hours (`PREPAY_EXPIRED`) or
 * its time_expire has passed (`ORDER_EXPIRED`; the order stays NOTPAY until the merchant closes it).
 * With `requestPayment` (what the merchant gave wx.requestPayment), refused too when the pay sheet
 * would refuse those parameters (`paySheet.ts`). `paidAt` records the success at an earlier moment
 * (a test that needs a past day's trade bill).
 */
export function payOrder(
  state: SandboxState,
  notifier: Notifier,
  outTradeNo: string,
  opts: { paidAt?: Date; requestPayment?: RequestPayment } = {},
): { ok: true; transactionId: string } | { ok: false; code: string } {
  const order = state.orders.get(outTradeNo);
  const d = state.options.now();
  if (!order) return { ok: false, code: 'ORDER_NOT_EXIST' };
  if (order.state === 'CLOSED') return { ok: false, code: 'ORDER_CLOSED' };
  if (order.state !== 'NOTPAY') return { ok: false, code: 'ORDERPAID' };
  if (order.prepayExpiresAt.getTime() <= d.getTime()) return { ok: false, code: 'PREPAY_EXPIRED' };
  if (order.timeExpire && order.timeExpire.getTime() <= d.getTime())
    return { ok: false, code: 'ORDER_EXPIRED' };
  const refused = opts.requestPayment && checkRequestPayment(state, order, opts.requestPayment);
  if (refused) return { ok: false, code: refused };
  order.state = 'SUCCESS';
  order.successTime = opts.paidAt ?? d;
  order.transactionId = `42${String(d.getFullYear())}${randomId(22).replace(/\D/g, '3')}`;
  notifier.send({
    eventType: 'TRANSACTION.SUCCESS',
    url: order.notifyUrl,
    outTradeNo,
    summary: '支付成功',
    originalType: 'transaction',
    resource: transactionView(order),
  });
  return { ok: true, transactionId: order.transactionId };
}
