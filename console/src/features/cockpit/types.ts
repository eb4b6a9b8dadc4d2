/** What the cockpit reads from getKpis (types/src/cockpit.ts is the contract). */
export type KpiFilters = { from?: string; to?: string; district?: string; team?: string; orderType?: string };

export type AreaCount = { areaCode: string; name?: string; count: number };
export type TrendPoint = { date: string; count: number };
export type AreaRate = { areaCode: string; name?: string; rate: number; collectedFen?: number; dueFen?: number };
export type CategoryCount = { category: string; name?: string; count: number };
export type KpiAlert = { areaCode: string; name?: string; count24h?: number; baseline?: number; message?: string; raisedAt?: string };

export type KpiReport = {
  kpis?: Record<string, unknown>;
  ordersByArea?: AreaCount[];
  orderTrend?: TrendPoint[];
  collectionByArea?: AreaRate[];
  topComplaints?: CategoryCount[];
  alerts?: KpiAlert[];
  generatedAt?: string;
};

/** What a drill-down opens: the list behind a number, with the filters that select it. */
export type Drill = { title: string; list: 'orders' | 'accounts'; query: Record<string, string | boolean | undefined> };
