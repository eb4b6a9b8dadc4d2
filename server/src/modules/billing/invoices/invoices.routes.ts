/** 电子发票: a resident asks for the invoice of a paid bill and follows its status. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { access, collectRoutes } from '../../../platform/http/route';
import { getBillInvoice, requestInvoice } from './invoices.service';

export const invoiceRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/bills/:billId/invoice',
      {
        operationId: 'requestInvoice',
        summary: '申请电子发票',
        tags: ['billing'],
        access: access.resident,
        status: 201,
        description:
          '已缴清的账单可申请一次电子发票(个人或单位抬头;单位须填统一社会信用代码),经发件箱发送至开票系统,开具后发送到邮箱。重复提交相同内容返回同一申请;被开票系统退回的可修改后重新申请。',
        params: T.BillParams,
        body: T.RequestInvoiceBody,
        response: T.InvoiceRequest,
        errors: { 404: '账单不存在', 409: '该账单已申请电子发票', 422: '账单未缴清', 503: '暂不能在线开票' },
      },
      ({ auth, params, body }) => requestInvoice(deps, auth, params.billId, body),
    );
    r.get(
      '/api/bills/:billId/invoice',
      {
        operationId: 'getBillInvoice',
        summary: '电子发票申请状态',
        tags: ['billing'],
        access: access.residentOrStaff(),
        params: T.BillParams,
        response: T.InvoiceRequest,
        errors: { 404: '账单或发票申请不存在' },
      },
      ({ auth, params }) => getBillInvoice(auth!, params.billId),
    );
  });
