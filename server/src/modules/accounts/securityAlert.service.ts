/**
 * Security alerts for staff: a binding proof being sprayed at one 户号 or by one resident, a staff
 * member reading unusually many customer records. Each alert is an audit entry (action
 * 'security.alert', shown in the console's 审计日志) and an SMS to the admins (and the supervisors of
 * the area, when there is one), through the outbox. One alert per cause per hour.
 */
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import { areaRegex } from '../../platform/auth/areaScope';
import { enqueue } from '../../platform/outbox/outbox';
import { createSmsProvider } from '../messaging';
import { StaffModel } from './staff.model';

export const SECURITY_ALERT_JOB = 'accounts.securityAlert.sms';

export type SecurityAlertKind = 'bindingSprayAccount' | 'bindingSprayUser' | 'staffReadVolume' | 'staffLoginSpray';

export type SecurityAlert = { kind: SecurityAlertKind; key: string; message: string; areaCode?: string };

export async function raiseSecurityAlert(deps: AppDeps, alert: SecurityAlert): Promise<void> {
  const at = deps.clock.now();
  const hour = at.toISOString().slice(0, 13);
  const dedupeKey = `security-alert:${alert.kind}:${alert.key}:${hour}`;
  const fresh = await enqueue({ kind: SECURITY_ALERT_JOB, dedupeKey, payload: { ...alert, dedupeKey } });
  if (!fresh) return;
  await audit.record({
    actor: { kind: 'system', id: 'security' },
    action: 'security.alert',
    target: { kind: alert.kind, id: alert.key },
    after: { message: alert.message, ...(alert.areaCode ? { areaCode: alert.areaCode } : {}) },
    outcome: alert.kind,
    at,
  });
  deps.logger.warn({ alert }, 'security alert');
}

/** Admins, and supervisors whose areas cover the alert's area. */
async function recipients(areaCode?: string) {
  const or: Record<string, unknown>[] = [{ roles: 'admin' }];
  if (areaCode) {
    const prefixes = areaCode.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
    or.push({ roles: 'supervisor', areas: { $in: prefixes } });
  }
  return StaffModel.find({ active: { $ne: false }, phone: { $type: 'string' }, $or: or }, { phone: 1 }).lean();
}

export const securityAlertJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const sms = createSmsProvider(deps.config);
  const areaCode = typeof payload.areaCode === 'string' && areaRegex(payload.areaCode) ? payload.areaCode : undefined;
  const to = await recipients(areaCode);
  if (!sms || !to.length) return { sent: 0 };
  for (const s of to) {
    await sms.send({
      phone: s.phone!,
      text: `${deps.config.SMS_SIGNATURE}安全告警:${String(payload.message).slice(0, 120)}`,
      idempotencyKey: `${String(payload.dedupeKey)}:${String(s._id)}`,
    });
  }
  return { sent: to.length };
};
