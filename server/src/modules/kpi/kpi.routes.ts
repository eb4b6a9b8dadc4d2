/** The cockpit's endpoints: KPIs, drill-down, export, alerts and an on-demand roll-up. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { areaFilter } from '../../platform/auth/areaScope';
import { PERSONAL_DATA_READ_LIMIT } from '../accounts';
import { access, collectRoutes } from '../../platform/http/route';
import { listAlerts } from './alerts.service';
import { addDays, dayOf, toDay } from '../../platform/time';
import { getDrilldown } from './drilldown.service';
import { exportForStaff, toCsv, toXlsx } from './export.service';
import { runKpiJobsNow } from './jobs';
import { getKpis } from './kpi.service';

const COCKPIT = access.staff('manager', 'supervisor', 'admin');

export const kpiRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/kpis',
      {
        operationId: 'getKpis',
        summary: '驾驶舱 KPI(含公式、趋势、区域分布、告警)',
        tags: ['kpi'],
        access: COCKPIT,
        query: T.KpiQuery,
        response: T.KpiReport,
      },
      ({ query }) => getKpis(query, deps.clock.now()),
    );

    r.get(
      '/api/staff/kpis/export',
      {
        operationId: 'exportKpis',
        summary: '导出驾驶舱表格(CSV / Excel)',
        tags: ['kpi'],
        access: COCKPIT,
        query: T.KpiExportQuery,
        raw: {
          contentType: 'text/csv',
          alsoContentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          description:
            'text/csv(UTF-8 BOM)或 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        // The drill-down table names residents: a personal-data read.
        errors: PERSONAL_DATA_READ_LIMIT,
      },
      async ({ query, ctx, auth }) => {
        const table = await exportForStaff(deps, auth as StaffAuth, query, ctx.state.requestId);
        const name = `kpi-${query.table}-${dayOf(deps.clock.now())}.${query.format}`;
        ctx.set(
          'Content-Disposition',
          `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`${table.name}-${dayOf(deps.clock.now())}.${query.format}`)}`,
        );
        ctx.type =
          query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
        ctx.body = query.format === 'csv' ? toCsv(table) : await toXlsx(table);
      },
    );

    r.get(
      '/api/staff/kpis/:kpi/items',
      {
        operationId: 'getKpiDrilldown',
        summary: 'KPI 下钻:图表某一点背后的工单或账单',
        tags: ['kpi'],
        access: COCKPIT,
        params: T.KpiDrilldownParams,
        query: T.KpiDrilldownQuery,
        response: T.KpiDrilldownPage,
      },
      ({ params, query, auth }) =>
        getDrilldown(params.kpi, query, deps.clock.now(), areaFilter(auth as StaffAuth, 'kpi')),
    );

    r.get(
      '/api/staff/kpi-alerts',
      {
        operationId: 'listKpiAlerts',
        summary: '驾驶舱告警(报修异常、节假日未录入)',
        tags: ['kpi'],
        access: COCKPIT,
        query: T.KpiAlertQuery,
        response: T.KpiAlertList,
      },
      async ({ query, auth }) => {
        const since = query.since ? toDay(query.since) : addDays(dayOf(deps.clock.now()), -7);
        const staff = auth as StaffAuth;
        return {
          items: await listAlerts({
            since,
            within: areaFilter(staff, 'kpi', { orElse: [{ supervisorIds: staff.staffId }] }),
          }),
        };
      },
    );

    r.post(
      '/api/staff/kpis/rollup',
      {
        operationId: 'runKpiRollup',
        summary: '立即汇总 KPI 并检查告警',
        tags: ['kpi'],
        errors: { 409: '另一次汇总进行中,等待 30 秒后仍未结束' },
        access: access.staff('manager', 'admin'),
        response: T.KpiRollupResult,
      },
      () => runKpiJobsNow(deps),
    );
  });
