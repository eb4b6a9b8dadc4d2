/**
 * Cockpit alerts.
 *
 * 节假日未录入: while this year's public holidays, or from December next year's, are not entered, one alert
 * a day tells supervisors (business-hours SLA clocks would silently count those days as working days).
 *
 * 报修异常飙升: an area whose repair orders of the last 24 h are far above its own baseline (the
 * previous 28 daily counts from kpiDaily: more than mean + k·σ, and at least a minimum count) raises
 * one alert per area per day, shown on the cockpit and sent to the area's supervisors by SMS through
 * the outbox (dedupe key per alert and supervisor).
 */
import type { KpiAlert } from '@portal/types';
import type { AppDeps } from '../../deps';
import { enqueue } from '../../platform/outbox/outbox';
import { staffCard, supervisorsCovering } from '../accounts';
import { missingHolidayYear } from '../holidays';
import { sendTemplatedSms } from '../messaging';
import { countOrdersByArea } from '../workorders';
import { addDays, DAY_MS, dayOf } from '../../platform/time';
import { districtOf } from './facts';
import { KpiAlertModel, type KpiAlertDoc } from './kpiAlert.model';
import { KpiDailyModel } from './kpiDaily.model';
import { areaMatch } from '../../platform/auth/areaScope';

export const KPI_ALERT_NOTIFY = 'kpi.alert.notify';
export const BASELINE_DAYS = 28;

export type AlertRule = { sigma: number; minCount: number };

export function baselineOf(counts: number[]): { mean: number; std: number } {
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Checks every area with repairs in the last 24 h; returns how many new alerts were raised. */
export async function scanRepairSpikes(now: Date, rule: AlertRule): Promise<number> {
  const today = dayOf(now);
  const last24 = await countOrdersByArea({
    type: 'repair',
    createdAt: { $gt: new Date(+now - DAY_MS), $lt: new Date(+now + 1) },
  });
  const candidates = [...last24].filter(([, n]) => n >= rule.minCount);
  if (!candidates.length) return 0;

  const first = addDays(today, -BASELINE_DAYS);
  const rows = await KpiDailyModel.find(
    {
      kind: 'orders',
      type: 'repair',
      day: { $gte: first, $lt: today },
      areaCode: { $in: candidates.map(([a]) => a) },
    },
    { _id: 0, day: 1, areaCode: 1, 'n.orders': 1 },
  ).lean<{ day: string; areaCode: string; n: { orders?: number } }[]>();
  const daily = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = daily.get(r.areaCode) ?? new Map<string, number>();
    m.set(r.day, (m.get(r.day) ?? 0) + (r.n.orders ?? 0));
    daily.set(r.areaCode, m);
  }

  let raised = 0;
  for (const [areaCode, count] of candidates) {
    const m = daily.get(areaCode) ?? new Map<string, number>();
    const counts = Array.from({ length: BASELINE_DAYS }, (_, i) => m.get(addDays(first, i)) ?? 0);
    const { mean, std } = baselineOf(counts);
    const threshold = mean + rule.sigma * std;
    if (count <= threshold) continue;
    const supervisors = await supervisorsCovering(areaCode);
    const message = `${areaCode} 近 24 小时报修 ${count} 单,远高于过去 ${BASELINE_DAYS} 天日均 ${mean.toFixed(1)} 单(阈值 ${threshold.toFixed(1)}),请关注是否存在管网或设施故障`;
    const res = await KpiAlertModel.updateOne(
      { _id: `${areaCode}:${today}` },
      {
        $setOnInsert: {
          areaCode,
          district: districtOf(areaCode),
          day: today,
          count24h: count,
          baselineMean: mean,
          baselineStd: std,
          threshold,
          message,
          raisedAt: now,
          supervisorIds: supervisors.map((s) => s.id),
        },
      },
      { upsert: true },
    ).catch(ignoreDuplicate);
    // Enqueue on every pass (apply once, enqueue every time): the dedupe key makes repeats harmless.
    for (const s of supervisors) {
      await enqueue({
        kind: KPI_ALERT_NOTIFY,
        dedupeKey: `kpi-alert:${areaCode}:${today}:${s.id}`,
        payload: { alertId: `${areaCode}:${today}`, staffId: s.id },
      });
    }
    if (res.upsertedCount === 1) raised++;
  }
  return raised;
}

const ignoreDuplicate = (e: { code?: number }) => {
  if (e.code === 11000) return { upsertedCount: 0 };
  throw e;
};

/** Raises today's missing-holidays alert when a year's schedule is missing; returns 1 when it was new. */
export async function scanMissingHolidays(now: Date): Promise<number> {
  const missing = await missingHolidayYear(now);
  if (!missing) return 0;
  const day = dayOf(now);
  const res = await KpiAlertModel.updateOne(
    { _id: `holidays:${missing.year}:${day}` },
    {
      $setOnInsert: {
        kind: 'holidaysMissing',
        year: missing.year,
        day,
        message: missing.message,
        raisedAt: now,
        supervisorIds: [],
      },
    },
    { upsert: true },
  ).catch(ignoreDuplicate);
  return res.upsertedCount;
}

/** The outbox job: one SMS to one supervisor about one alert. */
export const notifyAlertJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const alert = await KpiAlertModel.findById(String(payload.alertId)).lean();
  const staff = await staffCard(String(payload.staffId));
  // Only repair surges are texted; a missing holiday calendar is a cockpit alert for the console.
  if (!alert || alert.kind === 'holidaysMissing' || !staff?.phone) return { sent: false };
  return sendTemplatedSms(deps.config, {
    template: 'staffKpiAlert',
    phone: staff.phone,
    data: {
      areaCode: alert.areaCode ?? '',
      count: alert.count24h ?? 0,
      threshold: Math.floor(alert.threshold ?? 0),
    },
    idempotencyKey: `kpi-alert:${alert._id}:${staff.id}`,
  });
};

const round2 = (n: number | null | undefined) => Math.round((n ?? 0) * 100) / 100;

const view = (a: KpiAlertDoc): KpiAlert =>
  a.kind === 'holidaysMissing'
    ? {
        kind: 'holidaysMissing',
        id: a._id,
        year: a.year ?? 0,
        day: a.day,
        message: a.message,
        raisedAt: a.raisedAt.toISOString(),
      }
    : {
        kind: 'repairSpike',
        id: a._id,
        areaCode: a.areaCode ?? '',
        day: a.day,
        count24h: a.count24h ?? 0,
        baselineMean: round2(a.baselineMean),
        baselineStd: round2(a.baselineStd),
        threshold: round2(a.threshold),
        message: a.message,
        raisedAt: a.raisedAt.toISOString(),
        supervisorIds: a.supervisorIds,
      };

/**
 * Alerts since a day: repair spikes of the district within the caller's area scope (`within`: their
 * areas, or naming them as supervisor), and the latest missing-holidays one per year (not per area).
 */
export async function listAlerts(opts: {
  district?: string;
  since: string;
  within?: Record<string, unknown>;
}): Promise<KpiAlert[]> {
  const spikes: Record<string, unknown>[] = [{ kind: { $ne: 'holidaysMissing' } }];
  if (opts.within && Object.keys(opts.within).length) spikes.push(opts.within);
  if (opts.district) spikes.push({ areaCode: areaMatch(opts.district) });
  const rows = await KpiAlertModel.find({
    day: { $gte: opts.since },
    $or: [{ $and: spikes }, { kind: 'holidaysMissing' }],
  })
    .sort({ day: -1, count24h: -1 })
    .limit(100)
    .lean<KpiAlertDoc[]>();
  const years = new Set<number>();
  const latest = rows.filter(
    (a) => a.kind !== 'holidaysMissing' || (!years.has(a.year!) && years.add(a.year!)),
  );
  return latest
    .sort((a, b) => Number(b.kind === 'holidaysMissing') - Number(a.kind === 'holidaysMissing'))
    .map(view);
}
