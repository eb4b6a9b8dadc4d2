/**
 * Security alerts for staff: a binding proof being sprayed at one 户号 or by one resident, a staff
 * member reading unusually many customer records. Each alert is an audit entry (action
 * 'security.alert', shown in the console's 审计日志) and an SMS to the admins (and the supervisors of
 * the area, when there is one), through the outbox (securityAlert.job.ts). One alert per cause per hour.
 */
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import { enqueue } from '../../platform/outbox/outbox';

export const SECURITY_ALERT_JOB = 'accounts.securityAlert.sms';

export type SecurityAlertKind =
  'bindingSprayAccount' | 'bindingSprayUser' | 'staffReadVolume' | 'staffLoginSpray';

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
