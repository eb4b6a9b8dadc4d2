/** Bills residents understand: bill detail, PDF receipt, trial bill of a self reading, usage analysis, tariffs. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { getBillDetail } from './billDetail.service';
import { receiptLink, receiptPdf } from './receipt';
import { listTariffs } from './tariff';
import { trialBill } from './trialBill.service';
import { usageAnalysis } from './usageAnalysis.service';

export const billInsightRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/bills/:billId/detail',
      {
        operationId: 'getBillDetail',
        summary: '账单明细(阶梯用量、同比、可否缴费、电子发票)',
        tags: ['billing'],
        access: access.residentOrStaff(),
        params: T.BillParams,
        response: T.BillDetail,
        errors: { 404: '账单不存在' },
      },
      ({ auth, params }) => getBillDetail(auth!, params.billId),
    );
    r.get(
      '/api/bills/:billId/receipt-link',
      {
        operationId: 'getReceiptLink',
        summary: '缴费凭证下载链接(10 分钟内有效)',
        tags: ['billing'],
        access: access.residentOrStaff(),
        description:
          'H5 的下载链接与小程序 Taro.downloadFile 不带登录令牌:返回一个带签名的短时链接(getBillReceipt)。',
        params: T.BillParams,
        response: T.ReceiptLink,
        errors: { 404: '账单不存在', 422: '账单未缴清' },
      },
      ({ auth, params }) => receiptLink(deps, auth!, params.billId),
    );
    r.get(
      '/api/bills/:billId/receipt.pdf',
      {
        operationId: 'getBillReceipt',
        summary: '电子缴费凭证(PDF)',
        tags: ['billing'],
        description:
          'With the bearer token, or without one through the signed link getReceiptLink returns (exp + sig).',
        // Public at the router: the handler requires either a valid signature or a token.
        access: access.public,
        params: T.BillParams,
        query: T.ReceiptQuery,
        raw: { contentType: 'application/pdf' },
        errors: { 401: '未登录,或下载链接已失效', 404: '账单不存在', 422: '账单未缴清' },
      },
      async ({ ctx, auth, params, query }) => {
        const pdf = await receiptPdf(deps, auth, params.billId, query);
        ctx.set('Content-Disposition', `attachment; filename="receipt-${params.billId}.pdf"`);
        ctx.set('Cache-Control', 'private, no-store');
        ctx.type = 'application/pdf';
        ctx.body = pdf;
      },
    );
    r.post(
      '/api/meter-readings/trial',
      {
        operationId: 'trialMeterReading',
        summary: '自助报数试算(不保存)',
        tags: ['billing'],
        access: access.resident,
        description: '按户号的价格方案与今年已计费用量,算出这次读数将产生的账单(分阶梯);与提交时的校验相同。',
        body: T.TrialBillBody,
        response: T.TrialBill,
        errors: { 404: '户号不存在', 422: '读数小于上次读数或明显偏高' },
      },
      ({ auth, body }) => trialBill(deps, auth, body),
    );
    r.get(
      '/api/accounts/:accountNo/usage-analysis',
      {
        operationId: 'getUsageAnalysis',
        summary: '用量分析(同比、同小区同类用户平均)',
        tags: ['billing'],
        access: access.residentOrStaff(),
        description:
          '本年各月用量对比上年同月,以及同小区、同用能类型、同客户类别用户的月平均(匿名,不足 20 户不显示)。',
        params: T.AccountNoParams,
        query: T.UsageAnalysisQuery,
        response: T.UsageAnalysis,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, query }) => usageAnalysis(deps, auth!, params.accountNo, query.year),
    );
    r.get(
      '/api/tariffs',
      {
        operationId: 'listTariffs',
        summary: '价格方案(阶梯价、非居民价、按面积供暖)',
        tags: ['billing'],
        access: access.public,
        response: T.TariffList,
      },
      () => ({ items: listTariffs() }),
    );
  });
