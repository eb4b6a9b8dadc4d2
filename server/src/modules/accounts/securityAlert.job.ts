/** The outbox job behind a security alert: one templated SMS to each admin and area supervisor. */
import type { AppDeps } from '../../deps';
import { sendTemplatedSms } from '../messaging';
import { SECURITY_ALERT_JOB, type SecurityAlertKind } from './securityAlert.service';
import { StaffModel } from './staff.model';

export { SECURITY_ALERT_JOB };

/** What the SMS names (the full message is in the audit log). */
const WHAT: Record<SecurityAlertKind, string> = {
  bindingSprayAccount: '户号绑定验证多次失败',
  bindingSprayUser: '居民多户号绑定验证失败',
  staffReadVolume: '员工大量查看客户信息',
  staffLoginSpray: '员工登录多次失败',
};

/** Admins, and supervisors whose areas cover the alert's area. */
async function recipients(areaCode?: string) {
  const or: Record<string, unknown>[] = [{ roles: 'admin' }];
  if (areaCode) {
    const prefixes = areaCode.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
    or.push({ roles: 'supervisor', areas: { $in: prefixes } });
  }
  return StaffModel.find(
    { active: { $ne: false }, phone: { $type: 'string' }, $or: or },
    { phone: 1 },
  ).lean();
}

export const securityAlertJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const areaCode = typeof payload.areaCode === 'string' ? payload.areaCode : undefined;
  const to = await recipients(areaCode);
  let sent = 0;
  for (const s of to) {
    const r = await sendTemplatedSms(deps.config, {
      template: 'staffSecurityAlert',
      phone: s.phone!,
      data: { what: WHAT[payload.kind as SecurityAlertKind] ?? '安全事件', key: String(payload.key ?? '') },
      idempotencyKey: `${String(payload.dedupeKey)}:${String(s._id)}`,
    });
    if (r.sent) sent++;
  }
  return { sent };
};
