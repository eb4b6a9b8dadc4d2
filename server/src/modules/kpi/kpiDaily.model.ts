/**
 * kpiDaily: summable counters per (kind, day, areaCode, team, type). Averages and rates are always
 * computed from sums (Σ durations ÷ count), so any set of rows adds up to the right answer.
 *   kind 'orders'   — day = the order's creation day (cohort); counters in `n` (see facts.ts)
 *   kind 'payments' — day = the day bills were paid; team/type '-'
 *   kind 'bills'    — day = the bill period's first day ('YYYY-MM-01'); team/type '-'
 *   kind 'orderTotals' / 'paymentTotals' — sums of a day's 'orders' / 'payments' rows: one for the whole
 *                     day, one per district, one per order type (orders); dimensions summed over are '*'.
 *                     Orders also count per area (`areas`). The cockpit without a filter, or filtered by a
 *                     district or an order type, reads these: its cost does not grow with areas × types.
 * Every day is rolled, today included (the per-minute job): the cockpit reads only these rows.
 * Each roll of a day rewrites its rows with a fresh `rev` and then deletes rows of older revs, so a
 * reader never sees a day half-empty.
 */
import mongoose, { Schema } from 'mongoose';

export type KpiKind = 'orders' | 'payments' | 'bills';
export type KpiTotalsKind = 'orderTotals' | 'paymentTotals';
export const TOTALS_KIND = { orders: 'orderTotals', payments: 'paymentTotals' } as const;

export type KpiDailyRow = {
  _id: string;
  kind: KpiKind | KpiTotalsKind;
  day: string;
  district: string;
  areaCode: string;
  team: string;
  type: string;
  n: Record<string, number>;
  /** Totals rows of orders: orders per areaCode. */
  areas?: Record<string, number>;
  /** Order rows: who the staff counters (`sf:<staffId>`) name. */
  staff?: Record<string, { name: string; team: string }>;
  rev: string;
};

const kpiDailySchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: {
      type: String,
      enum: ['orders', 'payments', 'bills', 'orderTotals', 'paymentTotals'],
      required: true,
    },
    day: { type: String, required: true },
    district: { type: String, required: true },
    areaCode: { type: String, required: true },
    team: { type: String, required: true },
    type: { type: String, required: true },
    n: { type: Schema.Types.Mixed, required: true },
    areas: { type: Schema.Types.Mixed },
    staff: { type: Schema.Types.Mixed },
    rev: { type: String, required: true },
  },
  { collection: 'kpiDaily', versionKey: false, minimize: false },
);

// The cockpit: one kind, a day range, optionally narrowed by district/team/type (filtered in the scan
// of the range, which is small: rows per day are bounded by areas × types).
kpiDailySchema.index({ kind: 1, day: 1, district: 1 });
kpiDailySchema.index({ kind: 1, type: 1, day: 1 });
// The totals rows of a range (the cockpit without a filter, by district or by order type): equalities
// first, the day range last, so a read touches the range's rows only. Without it the stand-in (whose
// planner wants the equality fields as the index's prefix) read every totals row of the kind, a year's
// worth for a 30-day question.
kpiDailySchema.index({ kind: 1, district: 1, type: 1, day: 1 });

export const KpiDailyModel = mongoose.model('KpiDaily', kpiDailySchema);

/** Where the incremental roll-up is: the change watermark per source and the last closed day rolled. */
const kpiStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    watermark: { type: Date },
    rolledThrough: { type: String },
    /** The per-day totals rows exist for every rolled day (set once the first run has written them). */
    totals: { type: Boolean },
    lastRunAt: { type: Date },
    /** The 抄表区段 the bill rows were last counted under (meterRouteEntries): a route changed since re-counts its areas. */
    meterRoutes: { type: [String], default: undefined },
    /** The lease of the run in progress (one run at a time: see runRollup). */
    runningUntil: { type: Date },
    runningBy: { type: String },
  },
  { collection: 'kpiState', versionKey: false },
);
export const KpiStateModel = mongoose.model('KpiState', kpiStateSchema);
