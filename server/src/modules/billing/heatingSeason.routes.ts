/** The heating season bill of an area-priced household (full fee, or the 供热基本费 share after 报停). */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { issueSeasonBillFor } from './heatingSeason';

export const heatingSeasonRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/staff/accounts/:accountNo/heating-season-bill',
      {
        operationId: 'issueHeatingSeasonBill',
        summary: '出供暖季账单(按面积;报停户按比例收取供热基本费;同一供暖季只出一次)',
        tags: ['billing'],
        access: access.staff('supervisor', 'admin'),
        params: T.AccountNoParams,
        body: T.HeatingSeasonBillBody,
        response: T.HeatingSeasonBill,
        errors: { 404: '户号不存在', 422: '不是按面积计费的供热户或未登记供暖面积' },
      },
      ({ auth, params, body }) => issueSeasonBillFor(deps, auth, params.accountNo, body.season),
    );
  });
