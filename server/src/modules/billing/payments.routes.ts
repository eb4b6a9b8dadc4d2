/** Paying: createPayment / getPayment / the WeChat Pay notification; staff refunds and reconciliation. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { isAppError } from '../../platform/http/errors';
import { access, collectRoutes } from '../../platform/http/route';
import {
  createPayment,
  getPayment,
  getStaffPayment,
  listMyPayments,
  listStaffPayments,
} from './payments.service';
import { handlePayNotify } from './notify.service';
import { runReconciliationFor } from './reconciliation';
import { refundPayment } from './refunds.service';

const PAYMENT_ADMINS = ['supervisor', 'admin'] as const;

export const paymentRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/payments',
      {
        operationId: 'createPayment',
        summary: '发起缴费(微信支付 JSAPI)',
        tags: ['payments'],
        access: access.resident,
        description:
          '按户号(已绑定)或一户一码 qrToken 缴纳所选账单;金额由服务器计算。同一批账单重复提交返回同一笔待支付订单。',
        body: T.CreatePaymentBody,
        response: T.CreatePaymentResult,
        errors: {
          404: '户号、二维码或账单不存在',
          409: '账单已缴清、已作废或正在支付',
          410: '二维码已失效',
          422: '未在微信中登录,或所选账单无需缴费',
          429: '今天通过缴费码为该户发起的支付次数已达上限',
          503: '微信支付暂时不可用',
        },
      },
      ({ auth, body }) => createPayment(deps, auth, body),
    );
    r.get(
      '/api/payments',
      {
        operationId: 'listMyPayments',
        summary: '我的缴费记录',
        tags: ['payments'],
        access: access.resident,
        query: T.ListMyPaymentsQuery,
        response: T.PaymentList,
      },
      ({ auth, query }) => listMyPayments(auth, query),
    );
    r.get(
      '/api/payments/:outTradeNo',
      {
        operationId: 'getPayment',
        summary: '缴费结果(以服务器状态为准)',
        tags: ['payments'],
        access: access.residentOrStaff(),
        params: T.PaymentParams,
        response: T.Payment,
        errors: { 404: '订单不存在' },
      },
      ({ auth, params }) => getPayment(deps, auth!, params.outTradeNo),
    );
    r.post(
      '/api/wechatpay/notify',
      {
        operationId: 'wechatPayNotify',
        summary: '微信支付结果通知',
        tags: ['payments'],
        access: access.public,
        description:
          '微信支付 v3 回调(支付成功、退款结果)。验签(平台证书或微信支付公钥)、时间窗、解密、核对后幂等入账。成功 204;失败 4xx/5xx {"code":"FAIL","message":...}。',
        raw: {
          contentType: 'application/json',
          description: '已入账(或早已入账),无内容',
          ownErrors: true,
        },
        status: 204,
        errors: {
          400: '通知与订单或退款不符,微信支付将重试;{"code":"FAIL","message":"..."}',
          401: '验签失败(签名、时间窗、证书序列号、解密或格式);{"code":"FAIL","message":"..."}',
        },
      },
      async ({ ctx }) => {
        const raw = (ctx.request as unknown as { rawBody?: string }).rawBody ?? '';
        try {
          await handlePayNotify(deps, raw, ctx.headers, ctx.state.requestId);
          ctx.status = 204;
        } catch (e) {
          const known = isAppError(e);
          if (!known)
            deps.logger.error({ err: e, requestId: ctx.state.requestId }, 'wechat pay notification failed');
          ctx.status = known ? e.status : 500;
          ctx.body = { code: 'FAIL', message: known ? e.message : '处理失败' };
        }
      },
    );
    r.get(
      '/api/staff/payments',
      {
        operationId: 'listStaffPayments',
        summary: '缴费查询(户号、订单号或微信支付单号)',
        tags: ['payments'],
        access: access.staff('agent', 'supervisor', 'manager', 'admin'),
        description: '按户号、商户订单号或微信支付单号查找订单(含退款与异常),仅限本人负责片区。',
        query: T.ListStaffPaymentsQuery,
        response: T.StaffPaymentList,
      },
      ({ auth, query }) => listStaffPayments(auth as StaffAuth, query),
    );
    r.get(
      '/api/staff/payments/:outTradeNo',
      {
        operationId: 'getStaffPayment',
        summary: '订单详情(含退款)',
        tags: ['payments'],
        access: access.staff('agent', 'supervisor', 'manager', 'admin'),
        params: T.PaymentParams,
        response: T.StaffPayment,
        errors: { 404: '订单不存在' },
      },
      ({ auth, params }) => getStaffPayment(auth as StaffAuth, params.outTradeNo),
    );
    r.post(
      '/api/staff/payments/:outTradeNo/refunds',
      {
        operationId: 'refundPayment',
        summary: '退款(全额或部分)',
        tags: ['payments'],
        access: access.staff(...PAYMENT_ADMINS),
        status: 201,
        params: T.PaymentParams,
        body: T.RefundPaymentBody,
        idempotencyKey: 'required',
        response: T.StaffPayment,
        errors: { 404: '订单不存在', 409: '订单不可退款或超过可退金额' },
      },
      ({ auth, params, body, idempotencyKey, ctx }) =>
        refundPayment(deps, auth as StaffAuth, params.outTradeNo, body, idempotencyKey, ctx.state.requestId),
    );
    r.post(
      '/api/staff/payments/reconcile',
      {
        operationId: 'runReconciliation',
        summary: '立即对账(查询未收到通知的订单)',
        tags: ['payments'],
        access: access.staff(...PAYMENT_ADMINS),
        body: T.RunReconciliationBody,
        response: T.ReconciliationResult,
      },
      ({ auth, body }) =>
        runReconciliationFor(deps, auth as StaffAuth, {
          minAgeMs: body.minAgeMinutes === undefined ? undefined : body.minAgeMinutes * 60_000,
        }),
    );
  });
