/**
 * Staff reads of personal data (a 360° record, a customer search, a revealed phone number, an export
 * with names or addresses): each is written to the audit log, limited per staff member per minute
 * (429 STAFF_READ_LIMITED), and an hourly volume above STAFF_READS_ALERT_PER_HOUR raises a security
 * alert to the admins. Nobody pulls the customer base one record at a time without it being seen.
 */
import type { Config } from '@portal/config';
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import type { StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { limiter, type Limiter } from '../../platform/rateLimit';
import { raiseSecurityAlert } from './securityAlert.service';

/** The answer an operation that reads personal data declares besides its own: the per-minute limit's 429. */
export const PERSONAL_DATA_READ_LIMIT = { 429: '查询过于频繁' } as const;

export type PersonalDataRead = {
  action:
    | 'customer.view'
    | 'customer.search'
    | 'customer.revealPhone'
    | 'export.kpiDrilldown'
    | 'export.qrSheet'
    | 'export.importReport';
  target: { kind: string; id: string };
  detail?: Record<string, unknown>;
  requestId?: string;
};

const limits = new WeakMap<Config, { perMinute: Limiter; perHour: Limiter }>();
const limitsFor = (config: Config) => {
  let l = limits.get(config);
  if (!l) {
    l = {
      perMinute: limiter({
        keyPrefix: 'staff-reads-min',
        points: config.STAFF_READS_PER_MINUTE,
        durationSeconds: 60,
      }),
      perHour: limiter({
        keyPrefix: 'staff-reads-hour',
        points: config.STAFF_READS_ALERT_PER_HOUR,
        durationSeconds: 3600,
      }),
    };
    limits.set(config, l);
  }
  return l;
};

export async function recordPersonalDataRead(
  deps: AppDeps,
  auth: StaffAuth,
  read: PersonalDataRead,
): Promise<void> {
  const { perMinute, perHour } = limitsFor(deps.config);
  const at = deps.clock.now();
  const allowed = await perMinute.consume(auth.staffId);
  if (!allowed.ok) {
    await audit.record({
      actor: { kind: 'staff', id: auth.staffId, name: auth.username },
      action: read.action,
      target: read.target,
      after: read.detail,
      outcome: 'rate_limited',
      requestId: read.requestId,
      at,
    });
    throw errors.staffReadLimited(allowed.retryAfterMs / 1000);
  }
  // The hourly volume and the audit entry do not wait for each other: two writes side by side.
  const [hour] = await Promise.all([
    perHour.consume(auth.staffId),
    audit.record({
      actor: { kind: 'staff', id: auth.staffId, name: auth.username },
      action: read.action,
      target: read.target,
      after: read.detail,
      outcome: 'ok',
      requestId: read.requestId,
      at,
    }),
  ]);
  if (!hour.ok) {
    await raiseSecurityAlert(deps, {
      kind: 'staffReadVolume',
      key: auth.staffId,
      message: `员工 ${auth.username} 1小时内查看客户个人信息超过 ${deps.config.STAFF_READS_ALERT_PER_HOUR} 次,请核实`,
    });
  }
}
