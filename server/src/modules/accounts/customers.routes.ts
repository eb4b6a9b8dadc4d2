/** Staff endpoints on customers: search, notes, master-data edits (the 360° record: modules/customer360). */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { CUSTOMER_READERS } from './access';
import { PERSONAL_DATA_READ_LIMIT } from './personalDataReads';
import { addCustomerNote, revealCustomerPhone, searchCustomers, updateCustomer } from './customers.service';
import { unbindResident } from './occupancy.service';

const tags = ['customers'];

export const customerRoutes = (deps: AppDeps) =>
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
        errors: PERSONAL_DATA_READ_LIMIT,
      },
      ({ auth, query, ctx }) => searchCustomers(deps, auth as StaffAuth, query, ctx.state.requestId),
    );
    r.post(
      '/api/staff/customers/:accountNo/phone',
      {
        operationId: 'revealCustomerPhone',
        summary: '查看客户完整电话(记入审计日志)',
        description:
          'The 360° record shows the phone masked; this shows it in full for a call, audited and counted against the staff member’s read limit.',
        tags,
        access: access.staff('agent', 'dispatcher', 'technician', 'supervisor', 'admin'),
        params: T.AccountNoParams,
        response: T.RevealedPhone,
        errors: { 404: '户号不存在或无预留电话', ...PERSONAL_DATA_READ_LIMIT },
      },
      ({ auth, params, ctx }) =>
        revealCustomerPhone(deps, auth as StaffAuth, params.accountNo, ctx.state.requestId),
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
      ({ auth, params, body, ctx }) =>
        addCustomerNote(auth as StaffAuth, params.accountNo, body.text, ctx.state.requestId),
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
      ({ auth, params, body, ctx }) =>
        updateCustomer(auth as StaffAuth, params.accountNo, body, deps.clock.now(), ctx.state.requestId),
    );
    r.post(
      '/api/staff/customers/:accountNo/unbind',
      {
        operationId: 'unbindResident',
        summary: '解除某位居民对该户号的绑定(如已退租的租户),须填写原因',
        tags,
        access: access.staff('agent', 'supervisor', 'admin'),
        params: T.AccountNoParams,
        body: T.UnbindResidentBody,
        response: T.UnbindResidentResult,
        errors: { 404: '户号或绑定不存在' },
      },
      ({ auth, params, body, ctx }) =>
        unbindResident(deps, auth as StaffAuth, params.accountNo, body, ctx.state.requestId),
    );
  });
