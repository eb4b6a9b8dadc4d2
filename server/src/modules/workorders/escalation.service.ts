/** The escalations inbox: supervisors see breaches in their areas (admin and managers see all). */
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { areaFilter, inArea } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { StaffModel } from '../accounts/staff.model';
import { createSmsProvider } from '../messaging/sms';
import { EscalationModel } from './sla.model';

/** Outbox kind: one SMS to one supervisor about one SLA escalation (enqueued by sla.service escalate). */
export const ESCALATION_NOTIFY = 'workorders.escalation.notify';

type EscDoc = { _id: string; orderNo: string; policy: string; label: string; areaCode: string; breachedAt: Date; level: number };

export async function listEscalations(auth: StaffAuth, open = true) {
  const filter: Record<string, unknown> = {
    ...(open ? { acknowledgedAt: { $exists: false } } : {}),
    ...areaFilter(auth, 'escalations', { orElse: [{ supervisorIds: auth.staffId }] }),
  };
  const rows = await EscalationModel.find(filter).sort({ breachedAt: -1 }).limit(200).lean<EscDoc[]>();
  return rows.map((e) => ({ orderNo: e.orderNo, policy: e.policy, label: e.label, areaCode: e.areaCode, breachedAt: e.breachedAt.toISOString(), level: e.level, id: e._id }));
}

export async function acknowledge(deps: AppDeps, auth: StaffAuth, id: string) {
  const notFound = () => errors.notFound('升级记录', 'ESCALATION_NOT_FOUND');
  const esc = await EscalationModel.findById(id, { areaCode: 1, supervisorIds: 1 }).lean<{ areaCode: string; supervisorIds?: string[] }>();
  if (!esc || !(inArea(auth, 'escalations', esc.areaCode) || esc.supervisorIds?.includes(auth.staffId))) throw notFound();
  const r = await EscalationModel.updateOne({ _id: id, acknowledgedAt: { $exists: false } }, { $set: { acknowledgedAt: deps.clock.now() } });
  if (!r.matchedCount) throw errors.conflict('ESCALATION_ACKNOWLEDGED', '该升级已确认');
}

/** The outbox job behind ESCALATION_NOTIFY (like kpi's alert SMS; idempotent by escalation + supervisor). */
export const notifyEscalationJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const esc = await EscalationModel.findById(String(payload.escalationId)).lean<EscDoc>();
  const staff = await StaffModel.findById(String(payload.staffId), { phone: 1 }).lean();
  const sms = createSmsProvider(deps.config);
  if (!esc || !staff?.phone || !sms) return { sent: false };
  await sms.send({
    phone: staff.phone,
    text: `${deps.config.SMS_SIGNATURE}工单超时升级:${esc.areaCode} 工单 ${esc.orderNo}「${esc.label}」已超时(第 ${esc.level} 次升级),请尽快处理`,
    idempotencyKey: `wo-escalation:${esc._id}:${String(staff._id)}`,
  });
  return { sent: true };
};
