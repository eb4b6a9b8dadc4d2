/** The payments desk's back office: WeChat Pay trade-bill reconciliation and the finance export. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { exportReceipts } from './financeExport';
import { getTradeBillReconciliation, runTradeBillReconciliation } from './tradeBill/tradeBill.service';

const PAYMENT_ADMINS = access.staff('supervisor', 'admin');

export const paymentsDeskRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/staff/trade-bills/:billDate/reconcile',
      {
        operationId: 'runTradeBillReconciliation',
        summary: '下载微信支付交易账单并逐笔对账',
        tags: ['payments'],
        access: PAYMENT_ADMINS,
        description:
          '申请并下载该日的交易账单(ALL),校验 SHA1 后与平台订单、退款逐笔核对,返回差异清单;微信已支付而平台未入账的订单当即查单补记。同一日期可重复执行,结果覆盖上次。差异只列本人片区的订单(无法归属片区的款项仅全市权限可见)。',
        params: T.TradeBillParams,
        response: T.TradeBillReconciliation,
        errors: {
          422: '账单尚未生成(次日 10:00 后)',
          502: '账单校验不通过或格式无法识别',
          503: '微信支付暂时不可用',
        },
      },
      ({ auth, params, ctx }) =>
        runTradeBillReconciliation(deps, auth as StaffAuth, params.billDate, ctx.state.requestId),
    );
    r.get(
      '/api/staff/trade-bills/:billDate',
      {
        operationId: 'getTradeBillReconciliation',
        summary: '某日交易账单的对账结果',
        tags: ['payments'],
        access: PAYMENT_ADMINS,
        params: T.TradeBillParams,
        response: T.TradeBillReconciliation,
        errors: { 404: '该日尚未对账' },
      },
      ({ auth, params }) => getTradeBillReconciliation(auth as StaffAuth, params.billDate),
    );
    r.get(
      '/api/staff/finance/receipts',
      {
        operationId: 'exportReceipts',
        summary: '导出当日收款凭证(金蝶 / 用友)',
        tags: ['payments'],
        access: PAYMENT_ADMINS,
        description:
          '该日微信缴费与退款生成的记账凭证,按金蝶或用友的凭证引入列序,CSV(UTF-8 BOM)或 Excel;只含本人片区的订单。',
        query: T.ReceiptExportQuery,
        raw: {
          contentType: 'text/csv',
          alsoContentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          description:
            'text/csv(UTF-8 BOM)或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      },
      async ({ auth, query, ctx }) => {
        const file = await exportReceipts(deps, auth as StaffAuth, query, ctx.state.requestId);
        ctx.set(
          'Content-Disposition',
          `attachment; filename="receipts-${query.date}.${query.format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        );
        ctx.type = file.contentType;
        ctx.body = file.body;
      },
    );
  });
