/** The 360° record beside the agent's chat and on the customer screen. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { CUSTOMER_READERS, PERSONAL_DATA_READ_LIMIT } from '../accounts';
import { getCustomer360 } from './customer360.service';

export const customer360Routes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/customers/:accountNo',
      {
        operationId: 'getCustomer360',
        summary: '客户360°视图',
        tags: ['customers'],
        access: access.staff(...CUSTOMER_READERS),
        params: T.AccountNoParams,
        query: T.Customer360Query,
        response: T.Customer360,
        errors: { 404: '户号不存在', ...PERSONAL_DATA_READ_LIMIT },
      },
      ({ auth, params, query, ctx }) =>
        getCustomer360(deps, auth as StaffAuth, params.accountNo, query.limit, ctx.state.requestId),
    );
  });
