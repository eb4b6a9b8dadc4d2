/** What the cockpit reads (types/src/kpi.ts is the contract). */
export type { KpiAlert, KpiDrilldownPage, KpiKey, KpiReport, KpiValue } from '@portal/types';
import type { KpiKey, WorkOrderType } from '@portal/types';

/** The cockpit's filters, as getKpis / getKpiDrilldown / exportKpis take them. */
export type KpiFilters = { from: string; to: string; district?: string; team?: string; type?: WorkOrderType };

/** What a drill-down opens: the orders or bills behind one KPI or chart point. */
export type Drill = {
  title: string;
  kpi: KpiKey;
  /** 'area:CY-WJY', 'day:2026-03-01', 'period:2026-03', 'category:gasLeak', 'channel:mp'. */
  bucket?: string;
  onlyHits?: boolean;
  /** Filters that replace the cockpit's (an alert's own day and order type). */
  filters?: Partial<KpiFilters>;
};
