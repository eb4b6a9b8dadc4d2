/**
 * The KPI cockpit (驾驶舱): every KPI with its value, numerator/denominator, formula (Chinese, for the
 * hover tooltip) and trend; the charts' series; drill-down to the orders or bills behind a point;
 * export; anomaly alerts. Values come from daily rollups (kpiDaily) plus today's live part.
 */
import { z } from './zod';
import { DayOrInstant, IsoDateTime } from './common';
import { isDay } from './time';
import { WorkOrderType } from './workorders';

export const KpiKey = z.enum([
  'orderCount',
  'avgResponseMinutes',
  'avgHandlingMinutes',
  'satisfactionRate',
  'firstTimeFixRate',
  'onlineShare',
  'inspectionCompletionRate',
  'collectionRate',
  'slaBreachRate',
  'complaintCount',
  'followUpCompletionRate',
  'followUpAvgScore',
  'staffDailyOrders',
  'installToGasMinutes',
  'hazardCount',
]);
export type KpiKey = z.infer<typeof KpiKey>;

/** The cockpit's filters. `to` is inclusive; default: the 30 days ending today. */
export const KpiQuery = z
  .object({
    from: DayOrInstant.optional(),
    to: DayOrInstant.optional(),
    /** Area prefix: a district code ('CY') or a full areaCode ('CY-WJY'). */
    district: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,40}$/, '区域编码格式不正确')
      .optional(),
    team: z.string().trim().min(1).max(40).optional(),
    type: WorkOrderType.optional(),
    /** Alias of `type`. */
    orderType: WorkOrderType.optional(),
  })
  .openapi('KpiQuery');
export type KpiQuery = z.infer<typeof KpiQuery>;

export const KpiPoint = z.object({
  /** Day 'YYYY-MM-DD', month 'YYYY-MM' (granularity month, and bill periods). */
  date: z.string(),
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
});
export type KpiPoint = z.infer<typeof KpiPoint>;

export const KpiValue = z
  .object({
    key: KpiKey,
    title: z.string(),
    unit: z.enum(['count', 'minutes', 'ratio', 'score']),
    /** Ratios are 0..1; minutes are averages; null when the denominator is 0. */
    value: z.number().nullable(),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
    /** Chinese formula text, for the hover tooltip. */
    formula: z.string(),
    better: z.enum(['higher', 'lower']),
    /** Which filters narrow it (bills know no team or order type). */
    filters: z.array(z.enum(['period', 'district', 'team', 'type'])),
    trend: z.array(KpiPoint),
  })
  .openapi('KpiValue');
export type KpiValue = z.infer<typeof KpiValue>;

/** 报修异常飙升: an area's repairs of the last 24 h far above its own baseline. */
export const RepairSpikeAlert = z
  .object({
    kind: z.literal('repairSpike'),
    id: z.string(),
    areaCode: z.string(),
    /** Shanghai day the alert was raised (one per area per day). */
    day: z.string(),
    count24h: z.number().int(),
    baselineMean: z.number(),
    baselineStd: z.number(),
    threshold: z.number(),
    message: z.string(),
    raisedAt: IsoDateTime,
    supervisorIds: z.array(z.string()),
  })
  .openapi('RepairSpikeAlert');
export type RepairSpikeAlert = z.infer<typeof RepairSpikeAlert>;

/** 节假日未录入: this year's, or in December next year's, public holidays are not entered (company-wide). */
export const HolidaysMissingAlert = z
  .object({
    kind: z.literal('holidaysMissing'),
    id: z.string(),
    /** The year whose holidays are missing. */
    year: z.number().int(),
    /** Shanghai day the alert was raised (one a day while the year is missing). */
    day: z.string(),
    message: z.string(),
    raisedAt: IsoDateTime,
  })
  .openapi('HolidaysMissingAlert');
export type HolidaysMissingAlert = z.infer<typeof HolidaysMissingAlert>;

export const KpiAlert = z
  .discriminatedUnion('kind', [RepairSpikeAlert, HolidaysMissingAlert])
  .openapi('KpiAlert');
export type KpiAlert = z.infer<typeof KpiAlert>;

const CollectionTally = z.object({
  rate: z.number().nullable(),
  collectedFen: z.number().int(),
  dueFen: z.number().int(),
});
const HazardTally = z.object({ key: z.string(), total: z.number().int() });

export const KpiReport = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'month']),
    generatedAt: IsoDateTime,
    /** Days before this are closed; this day (today) is still changing: the roll-up job refreshes it every minute. */
    liveFrom: z.string(),
    kpis: z.record(KpiKey, KpiValue),
    ordersByArea: z.array(z.object({ areaCode: z.string(), district: z.string(), count: z.number().int() })),
    orderTrend: z.array(z.object({ date: z.string(), count: z.number().int() })),
    collectionByArea: z.array(
      z.object({
        areaCode: z.string(),
        rate: z.number().nullable(),
        collectedFen: z.number().int(),
        dueFen: z.number().int(),
      }),
    ),
    /** 回收率 by customer type (居民 / 非居民 / 公建), by meter reader (抄表区段) and by their team. */
    collectionByCustomerType: z.array(CollectionTally.extend({ customerType: z.string() })),
    collectionByReader: z.array(CollectionTally.extend({ readerName: z.string(), team: z.string() })),
    collectionByTeam: z.array(CollectionTally.extend({ team: z.string() })),
    collectionByPeriod: z.array(
      z.object({
        period: z.string(),
        rate: z.number().nullable(),
        collectedFen: z.number().int(),
        dueFen: z.number().int(),
      }),
    ),
    topComplaints: z.array(z.object({ category: z.string(), name: z.string(), count: z.number().int() })),
    onlineByChannel: z.array(
      z.object({
        channel: z.string(),
        name: z.string(),
        orders: z.number().int(),
        payments: z.number().int(),
      }),
    ),
    /** Staff who finished orders (受理 in the range), most first: orders and orders per day of the range. */
    staffRanking: z.array(
      z.object({
        staffId: z.string(),
        name: z.string(),
        team: z.string(),
        finished: z.number().int(),
        perDay: z.number(),
        rank: z.number().int(),
      }),
    ),
    teamRanking: z.array(
      z.object({
        team: z.string(),
        finished: z.number().int(),
        staff: z.number().int(),
        perStaffDay: z.number().nullable(),
        rank: z.number().int(),
      }),
    ),
    /** 报装 → 通气: average time spent in each stage of the installation orders that reached 通气 (完工). */
    installStages: z.array(
      z.object({
        stage: z.string(),
        label: z.string(),
        avgMinutes: z.number().nullable(),
        orders: z.number().int(),
      }),
    ),
    /** 隐患 found on the inspection orders of the range: how many, how many still open, by dimension. */
    hazards: z.object({
      total: z.number().int(),
      open: z.number().int(),
      byArea: z.array(HazardTally),
      byCustomerType: z.array(HazardTally),
      byCategory: z.array(HazardTally),
      bySeverity: z.array(HazardTally),
    }),
    alerts: z.array(KpiAlert),
  })
  .openapi('KpiReport');
export type KpiReport = z.infer<typeof KpiReport>;

export const KpiDrilldownParams = z.object({ kpi: KpiKey });
export type KpiDrilldownParams = z.infer<typeof KpiDrilldownParams>;

/**
 * bucket narrows to one chart point: 'day:2026-03-01', 'month:2026-03', 'area:CY-WJY',
 * 'category:gasLeak', 'channel:mp' (mp|oa|console|phone|online|offline), 'period:2026-03' (bills),
 * 'staff:<staffId>' and 'team:<team>' (ranking rows), 'stage:<node>' (报装 stages), 'hazard:<category>'
 * and 'ctype:<customerType>' (隐患; bills: 回收率 by customer type), 'reader:<team>|<name>' and
 * 'team:<team>' (bills: 回收率 by meter reader and team).
 */
export const KpiBucket = z
  .string()
  .regex(
    /^(day:20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|(month|period):20\d{2}-(0[1-9]|1[0-2])|area:[A-Za-z0-9-]{1,40}|category:\w{1,30}|channel:\w{1,10}|staff:\w{1,40}|stage:\w{1,30}|team:[^\s:]{1,40}|hazard:\w{1,30}|ctype:\w{1,20}|reader:[^\s:|]{1,40}\|[^\s:|]{1,20})$/,
    '分组格式不正确',
  )
  .refine((b) => !b.startsWith('day:') || isDay(b.slice(4)), '分组日期不存在');
export type KpiBucket = z.infer<typeof KpiBucket>;

export const KpiDrilldownQuery = KpiQuery.extend({
  bucket: KpiBucket.optional(),
  /** Only the rows counted in the numerator (breached, satisfied, fixed first time, online, paid...). */
  onlyHits: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
}).openapi('KpiDrilldownQuery');
export type KpiDrilldownQuery = z.infer<typeof KpiDrilldownQuery>;

export const KpiOrderRow = z.object({
  orderNo: z.string(),
  accountNo: z.string(),
  areaCode: z.string(),
  type: z.string(),
  category: z.string(),
  state: z.string(),
  status: z.string(),
  channel: z.string(),
  team: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  responseMinutes: z.number().nullable(),
  handlingMinutes: z.number().nullable(),
  score: z.number().nullable(),
  /** Counted in the KPI's numerator. */
  hit: z.boolean(),
});
export type KpiOrderRow = z.infer<typeof KpiOrderRow>;

export const KpiBillRow = z.object({
  billId: z.string(),
  accountNo: z.string(),
  areaCode: z.string(),
  period: z.string(),
  amountDueFen: z.number().int(),
  status: z.string(),
  paidAt: IsoDateTime.nullable(),
  online: z.boolean(),
  hit: z.boolean(),
});
export type KpiBillRow = z.infer<typeof KpiBillRow>;

export const KpiDrilldownPage = z
  .object({
    kpi: KpiKey,
    kind: z.enum(['orders', 'bills']),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    orders: z.array(KpiOrderRow).optional(),
    bills: z.array(KpiBillRow).optional(),
  })
  .openapi('KpiDrilldownPage');
export type KpiDrilldownPage = z.infer<typeof KpiDrilldownPage>;

export const KpiTable = z.enum([
  'summary',
  'ordersByArea',
  'orderTrend',
  'collectionByArea',
  'collectionByPeriod',
  'topComplaints',
  'onlineByChannel',
  /** The cockpit's newer tables: ranking, 回访, 报装 stages, 隐患, 回收率 by reader / team / customer type, 工单成本. */
  'staffRanking',
  'teamRanking',
  'followUps',
  'installStages',
  'hazards',
  'collectionByReader',
  'collectionByTeam',
  'collectionByCustomerType',
  'orderCosts',
  'drilldown',
]);
export type KpiTable = z.infer<typeof KpiTable>;

export const KpiExportQuery = KpiQuery.extend({
  table: KpiTable.default('summary'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  /** For table=drilldown. */
  kpi: KpiKey.optional(),
  bucket: KpiBucket.optional(),
  onlyHits: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
}).openapi('KpiExportQuery');
export type KpiExportQuery = z.infer<typeof KpiExportQuery>;

export const KpiAlertList = z.object({ items: z.array(KpiAlert) }).openapi('KpiAlertList');
export type KpiAlertList = z.infer<typeof KpiAlertList>;

export const KpiAlertQuery = z.object({
  /** Alerts raised on or after this day (default: the last 7 days). */
  since: DayOrInstant.optional(),
});
export type KpiAlertQuery = z.infer<typeof KpiAlertQuery>;

export const KpiRollupResult = z.object({
  days: z.number().int(),
  periods: z.number().int(),
  alerts: z.number().int(),
});
export type KpiRollupResult = z.infer<typeof KpiRollupResult>;
