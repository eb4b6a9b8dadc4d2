/** Staff endpoints on customers: search, notes, master-data edits (the 360° record: modules/customer360). */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { CUSTOMER_READERS } from './access';
import { addCustomerNote, searchCustomers, updateCustomer } from './customers.service';

const tags = ['customers'];

export const customerRoutes = (_deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/customers',
      {
        operationId: 'searchCustomers',
        summary: '客户查询(户号、电话、姓名、地址)',
        tags,
        access: access.staff(...CUSTOMER_READERS),
        query: T.CustomerSearchQuery,
        response: T.CustomerSearchResult,
      },
      ({ auth, query }) => searchCustomers(auth as StaffAuth, query),
    );
    r.post(
      '/api/staff/customers/:accountNo/notes',
      {
        operationId: 'addCustomerNote',
        summary: '添加客户备注',
        tags,
        access: access.staff('agent', 'dispatcher', 'supervisor', 'manager', 'admin'),
        params: T.AccountNoParams,
        body: T.AddCustomerNoteBody,
        response: T.CustomerNote,
        status: 201,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, body, ctx }) => addCustomerNote(auth as StaffAuth, params.accountNo, body.text, ctx.state.requestId),
    );
    r.patch(
      '/api/staff/customers/:accountNo',
      {
        operationId: 'updateCustomer',
        summary: '修改客户标签、特殊需求、状态、电话',
        tags,
        access: access.staff('supervisor', 'admin'),
        params: T.AccountNoParams,
        body: T.UpdateCustomerBody,
        response: T.CustomerSummary,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, body, ctx }) => updateCustomer(auth as StaffAuth, params.accountNo, body, ctx.state.requestId),
    );
  });
