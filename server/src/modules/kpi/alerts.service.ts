/**
 * 报修异常飙升: an area whose repair orders of the last 24 h are far above its own baseline (the
 * previous 28 daily counts from kpiDaily: more than mean + k·σ, and at least a minimum count) raises
 * one alert per area per day, shown on the cockpit and sent to the area's supervisors by SMS through
 * the outbox (dedupe key per alert and supervisor).
 */
import type { KpiAlert } from '@portal/types';
import type { AppDeps } from '../../deps';
import { enqueue } from '../../platform/outbox/outbox';
import { StaffModel } from '../accounts/staff.model';
import { createSmsProvider } from '../messaging/sms';
import { WorkOrderModel } from '../workorders/workorder.model';
import { addDays, DAY_MS, dayOf } from './days';
import { districtOf } from './facts';
import { KpiAlertModel, type KpiAlertDoc } from './kpiAlert.model';
import { KpiDailyModel } from './kpiDaily.model';
import { areaRegex } from './scope';

export const KPI_ALERT_NOTIFY = 'kpi.alert.notify';
export const BASELINE_DAYS = 28;

export type AlertRule = { sigma: number; minCount: number };

export function baselineOf(counts: number[]): { mean: number; std: number } {
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Supervisors covering an area: one of their area prefixes is a prefix of the areaCode. */
async function supervisorsOf(areaCode: string): Promise<{ id: string; phone?: string | null }[]> {
  const prefixes = areaCode.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  const rows = await StaffModel.find({ roles: 'supervisor', active: true, areas: { $in: prefixes } }, { _id: 1, phone: 1 }).lean();
  return rows.map((r) => ({ id: String(r._id), phone: r.phone }));
}

/** Checks every area with repairs in the last 24 h; returns how many new alerts were raised. */
export async function scanRepairSpikes(now: Date, rule: AlertRule): Promise<number> {
  const today = dayOf(now);
  const recent = await WorkOrderModel.find({ type: 'repair', createdAt: { $gt: new Date(+now - DAY_MS), $lt: new Date(+now + 1) } }, { _id: 0, areaCode: 1 }).lean();
  const last24 = new Map<string, number>();
  for (const o of recent) last24.set(o.areaCode, (last24.get(o.areaCode) ?? 0) + 1);
  const candidates = [...last24].filter(([, n]) => n >= rule.minCount);
  if (!candidates.length) return 0;

  const first = addDays(today, -BASELINE_DAYS);
  const rows = await KpiDailyModel.find(
    { kind: 'orders', type: 'repair', day: { $gte: first, $lt: today }, areaCode: { $in: candidates.map(([a]) => a) } },
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
    const supervisors = await supervisorsOf(areaCode);
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
    ).catch((e: { code?: number }) => {
      if (e.code === 11000) return { upsertedCount: 0 };
      throw e;
    });
    // Enqueue on every pass (apply once, enqueue every time): the dedupe key makes repeats harmless.
    for (const s of supervisors) {
      await enqueue({ kind: KPI_ALERT_NOTIFY, dedupeKey: `kpi-alert:${areaCode}:${today}:${s.id}`, payload: { alertId: `${areaCode}:${today}`, staffId: s.id } });
    }
    if (res.upsertedCount === 1) raised++;
  }
  return raised;
}

/** The outbox job: one SMS to one supervisor about one alert. */
export const notifyAlertJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const alert = await KpiAlertModel.findById(String(payload.alertId)).lean();
  const staff = await StaffModel.findById(String(payload.staffId), { phone: 1 }).lean();
  const sms = createSmsProvider(deps.config);
  if (!alert || !staff?.phone || !sms) return { sent: false };
  await sms.send({
    phone: staff.phone,
    text: `${deps.config.SMS_SIGNATURE}报修异常提醒:${alert.message}`,
    idempotencyKey: `kpi-alert:${alert._id}:${String(staff._id)}`,
  });
  return { sent: true };
};

const view = (a: KpiAlertDoc): KpiAlert => ({
  id: a._id,
  areaCode: a.areaCode,
  day: a.day,
  count24h: a.count24h,
  baselineMean: Math.round(a.baselineMean * 100) / 100,
  baselineStd: Math.round(a.baselineStd * 100) / 100,
  threshold: Math.round(a.threshold * 100) / 100,
  message: a.message,
  raisedAt: a.raisedAt.toISOString(),
  supervisorIds: a.supervisorIds,
});

/** `within`: the caller's area scope (alerts of their areas, or naming them). */
export async function listAlerts(opts: { district?: string; since: string; within?: Record<string, unknown> }): Promise<KpiAlert[]> {
  const filter: Record<string, unknown> = { day: { $gte: opts.since }, ...opts.within };
  if (opts.district) filter.$and = [{ areaCode: areaRegex(opts.district) }];
  const rows = await KpiAlertModel.find(filter).sort({ day: -1, count24h: -1 }).limit(100).lean<KpiAlertDoc[]>();
  return rows.map(view);
}
