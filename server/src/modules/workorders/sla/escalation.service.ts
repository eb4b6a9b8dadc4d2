/** The escalations inbox: supervisors see breaches in their areas (admin and managers see all). */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaFilter, inArea } from '../../../platform/auth/areaScope';
import { windowOf } from '../../../platform/db/batches';
import { errors } from '../../../platform/http/errors';
import { staffCard } from '../../accounts';
import { consoleLink, sendTemplatedSms, sendWecomCard, wecomConfigured } from '../../messaging';
import { formatShanghai } from '../../../platform/time';
import { EscalationModel } from './sla.model';

/** Outbox kind: one SMS to one supervisor about one SLA escalation (enqueued by sla.service escalate). */
export const ESCALATION_NOTIFY = 'workorders.escalation.notify';

type EscDoc = {
  _id: string;
  orderNo: string;
  policy: string;
  label: string;
  areaCode: string;
  breachedAt: Date;
  level: number;
};

/** How many escalations the inbox lists, the newest first. */
export const ESCALATIONS_LISTED = 200;

export async function listEscalations(auth: StaffAuth, open = true): Promise<T.EscalationList> {
  const filter: Record<string, unknown> = {
    ...(open ? { acknowledgedAt: { $exists: false } } : {}),
    ...areaFilter(auth, 'escalations', { orElse: [{ supervisorIds: auth.staffId }] }),
  };
  const { rows, more } = await windowOf<EscDoc>(
    EscalationModel.find(filter).sort({ breachedAt: -1 }),
    ESCALATIONS_LISTED,
  );
  const items = rows.map((e) => ({
    orderNo: e.orderNo,
    policy: e.policy,
    label: e.label,
    areaCode: e.areaCode,
    breachedAt: e.breachedAt.toISOString(),
    level: e.level,
    id: e._id,
  }));
  return { items, more };
}

export async function acknowledge(deps: AppDeps, auth: StaffAuth, id: string) {
  const esc = await EscalationModel.findById(id, { areaCode: 1, supervisorIds: 1 }).lean<{
    areaCode: string;
    supervisorIds?: string[];
  }>();
  if (!esc || !(inArea(auth, 'escalations', esc.areaCode) || esc.supervisorIds?.includes(auth.staffId)))
    throw errors.escalationNotFound();
  const r = await EscalationModel.updateOne(
    { _id: id, acknowledgedAt: { $exists: false } },
    { $set: { acknowledgedAt: deps.clock.now() } },
  );
  if (!r.matchedCount) throw errors.escalationAcknowledged();
}

/**
 * The outbox job behind ESCALATION_NOTIFY (one per escalation and supervisor): a WeCom card to the
 * supervisor's phone when WeCom is set up and they have a WeCom userid, else an SMS (like kpi's alerts).
 */
export const notifyEscalationJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const esc = await EscalationModel.findById(String(payload.escalationId)).lean<EscDoc>();
  const staff = await staffCard(String(payload.staffId));
  if (esc && staff?.wecomUserId && wecomConfigured(deps)) {
    return sendWecomCard(deps, {
      touser: [staff.wecomUserId],
      title: `工单超时升级 ${esc.orderNo}`,
      description: [
        `<div class="gray">${formatShanghai(esc.breachedAt)}</div>`,
        `<div class="normal">${esc.label}(区域 ${esc.areaCode})</div>`,
        `<div class="highlight">第 ${esc.level} 级升级,请尽快处理</div>`,
      ].join(''),
      url: consoleLink(deps, `work-orders/${esc.orderNo}`),
      btntxt: '查看工单',
    });
  }
  if (!esc || !staff?.phone) return { sent: false };
  return sendTemplatedSms(deps.config, {
    template: 'staffEscalation',
    phone: staff.phone,
    data: { areaCode: esc.areaCode, orderNo: esc.orderNo, label: esc.label, level: esc.level },
    idempotencyKey: `wo-escalation:${esc._id}:${staff.id}`,
  });
};
