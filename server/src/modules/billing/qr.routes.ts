/** 一户一码: the public bill lookup and the staff tools to print and revoke codes. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { findAccessibleAccount, PERSONAL_DATA_READ_LIMIT } from '../accounts';
import { getQrBill, listAccountQrs, qrTokenFor, qrUrl, revokeAccountQr } from './qr.service';
import { accountQrPng, renderQrSheetFor } from './qrSheet';
import { rateLimit } from '../../platform/rateLimit';

const QR_ADMINS = ['supervisor', 'admin'] as const;

export const qrRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/qr/:token',
      {
        operationId: 'getQrBill',
        summary: '扫码查看账单(一户一码)',
        tags: ['qr'],
        access: access.public,
        description: '返回脱敏户名、地址与待缴账单;令牌无效或已作废时 404。按 IP 与令牌限流。',
        params: T.QrParams,
        response: T.QrBill,
        errors: { 404: '二维码无效', 410: '二维码已失效(已作废或重新打印)', 429: '请求过于频繁' },
        before: [
          rateLimit([
            {
              keyPrefix: 'qr-ip',
              points: deps.config.QR_RATE_PER_IP_PER_MINUTE,
              durationSeconds: 60,
              key: (ctx) => ctx.ip,
            },
            {
              keyPrefix: 'qr-token',
              points: deps.config.QR_RATE_PER_TOKEN_PER_MINUTE,
              durationSeconds: 60,
              key: (ctx) => String(ctx.params?.token ?? '').slice(0, 40),
            },
          ]),
        ],
      },
      ({ params }) => getQrBill(deps, params.token),
    );
    r.get(
      '/api/staff/accounts/:accountNo/qr',
      {
        operationId: 'getAccountQr',
        summary: '户号的一户一码令牌与链接',
        tags: ['qr'],
        access: access.staff('agent', 'supervisor', 'operator', 'admin'),
        params: T.AccountNoParams,
        response: T.AccountQr,
        errors: { 404: '户号不存在' },
      },
      async ({ auth, params }) => {
        const a = await findAccessibleAccount(auth!, params.accountNo, 'qr');
        const token = qrTokenFor(deps, a);
        return { accountNo: a.accountNo, token, url: qrUrl(deps, token), revision: a.qrRevision ?? 1 };
      },
    );
    r.get(
      '/api/staff/accounts/:accountNo/qr.png',
      {
        operationId: 'getAccountQrImage',
        summary: '一户一码图片(小程序码或普通二维码)',
        tags: ['qr'],
        access: access.staff('agent', 'supervisor', 'operator', 'admin'),
        params: T.AccountNoParams,
        query: T.QrImageQuery,
        raw: { contentType: 'image/png' },
        errors: { 404: '户号不存在' },
      },
      async ({ auth, params, query, ctx }) => {
        await findAccessibleAccount(auth!, params.accountNo, 'qr');
        ctx.body = await accountQrPng(deps, params.accountNo, query.kind, query.size);
        ctx.type = 'image/png';
        ctx.set('Cache-Control', 'private, max-age=300');
      },
    );
    r.post(
      '/api/staff/accounts/:accountNo/qr/revoke',
      {
        operationId: 'revokeAccountQr',
        summary: '作废一户一码(过户/遗失后重新生成)',
        description:
          '旧码立即失效:扫码页与新缴费答 410;用旧码发起、尚未支付的订单当即关闭(微信侧经 outbox 关单)。',
        tags: ['qr'],
        access: access.staff(...QR_ADMINS),
        params: T.AccountNoParams,
        response: T.AccountQr,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, ctx }) =>
        revokeAccountQr(deps, auth as StaffAuth, params.accountNo, ctx.state.requestId),
    );
    r.get(
      '/api/staff/qr-codes',
      {
        operationId: 'listAccountQrs',
        summary: '一户一码管理:小区/楼栋的二维码与最近扫码时间',
        tags: ['qr'],
        access: access.staff(...QR_ADMINS, 'operator'),
        description: '按小区(可选区、楼栋)列出本人负责片区内各户的二维码版本与最近一次扫码时间(地址脱敏)。',
        query: T.QrListQuery,
        response: T.AccountQrList,
      },
      ({ auth, query }) => listAccountQrs(auth as StaffAuth, query),
    );
    r.get(
      '/api/staff/qr-sheet.pdf',
      {
        operationId: 'getQrSheet',
        summary: '小区一户一码打印页(PDF)',
        tags: ['qr'],
        access: access.staff(...QR_ADMINS, 'operator'),
        query: T.QrSheetQuery,
        raw: { contentType: 'application/pdf' },
        errors: { 404: '小区不存在', ...PERSONAL_DATA_READ_LIMIT },
      },
      async ({ auth, query, ctx }) => {
        ctx.body = await renderQrSheetFor(deps, auth as StaffAuth, query, ctx.state.requestId);
        ctx.type = 'application/pdf';
        ctx.set('Content-Disposition', `attachment; filename="qr-sheet.pdf"`);
      },
    );
  });
