/** Reading the audit log (admins and supervisors): newest first, filtered by action, actor, target, time. */
import type { AuditEntry, AuditQuery } from '@portal/types';
import type { AppDeps } from '../../deps';
import { AuditLogModel, type AuditEntryDoc } from '../../platform/audit';
import { findCounted } from '../../platform/db/page';

export async function listAuditLog(deps: AppDeps, q: AuditQuery) {
  const filter: Record<string, unknown> = {};
  if (q.action) filter.action = q.action;
  if (q.actorId) filter['actor.id'] = q.actorId;
  if (q.targetId) filter['target.id'] = q.targetId;
  if (q.from || q.to)
    filter.at = { ...(q.from ? { $gte: new Date(q.from) } : {}), ...(q.to ? { $lt: new Date(q.to) } : {}) };
  const { items: rows, ...counted } = await findCounted<AuditEntryDoc>(AuditLogModel, filter, {
    sort: { at: -1, _id: -1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    countUpTo: deps.config.LIST_COUNT_UP_TO,
  });
  const items: AuditEntry[] = rows.map((e) => ({
    id: e._id.toString(),
    at: e.at.toISOString(),
    actor: {
      kind: e.actor!.kind as AuditEntry['actor']['kind'],
      id: e.actor!.id,
      name: e.actor!.name ?? undefined,
    },
    action: e.action,
    target: { kind: e.target!.kind, id: e.target!.id },
    before: (e.before as Record<string, unknown>) ?? undefined,
    after: (e.after as Record<string, unknown>) ?? undefined,
    outcome: e.outcome ?? undefined,
    requestId: e.requestId ?? undefined,
  }));
  return { items, ...counted, page: q.page, pageSize: q.pageSize };
}
