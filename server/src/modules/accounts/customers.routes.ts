/** Staff endpoints on customers: search, the 360° record, notes, master-data edits. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { getCustomer360 } from './customer360.service';
import { addCustomerNote, searchCustomers, updateCustomer } from './customers.service';

const tags = ['customers'];
/** Who works with customer records. */
const CUSTOMER_READERS = ['agent', 'dispatcher', 'technician', 'supervisor', 'manager', 'admin'] as const;

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
    r.get(
      '/api/staff/customers/:accountNo',
      {
        operationId: 'getCustomer360',
        summary: '客户360°视图',
        tags,
        access: access.staff(...CUSTOMER_READERS),
        params: T.AccountNoParams,
        query: T.Customer360Query,
        response: T.Customer360,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params, query }) => getCustomer360(auth as StaffAuth, params.accountNo, query.limit),
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
