/**
 * The append-only audit log: who did what to which record, when, with the fields that changed.
 * Every staff write and every binding attempt records one entry. Features call:
 *
 *   await audit.record({ actor: actorOf(auth), action: 'workOrder.assign', target: { kind: 'workOrder', id },
 *                        before, after, requestId: ctx.state.requestId });
 *
 * `before`/`after` may be whole documents: only the fields that differ are kept (changedFields).
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import type { Auth } from './auth/auth';

export type AuditActor = { kind: 'staff' | 'resident' | 'system'; id: string; name?: string };
export type AuditInput = {
  actor: AuditActor;
  action: string;
  target: { kind: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** e.g. 'ok', 'denied', 'proof_mismatch', 'locked'. */
  outcome?: string;
  requestId?: string;
  at?: Date;
};

const auditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actor: { kind: { type: String, required: true }, id: { type: String, required: true }, name: String },
    action: { type: String, required: true },
    target: { kind: { type: String, required: true }, id: { type: String, required: true } },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    outcome: String,
    requestId: String,
  },
  { collection: 'auditLog', versionKey: false, minimize: true },
);
// Each ends in _id: the audit screen lists newest first, ties by _id (accounts/auditLog.service.ts), and an index
// without _id cannot give that order, so mongod read and sorted every matching entry for each page.
auditSchema.index({ at: -1, _id: -1 });
auditSchema.index({ 'actor.id': 1, at: -1, _id: -1 });
auditSchema.index({ 'target.id': 1, at: -1, _id: -1 });
auditSchema.index({ action: 1, at: -1, _id: -1 });

// Append-only: the model refuses every update and delete.
const refuse = function (): never {
  throw new Error('auditLog is append-only');
};
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'findOneAndReplace',
] as const) {
  auditSchema.pre(op, refuse);
}

export type AuditEntryDoc = InferSchemaType<typeof auditSchema> & { _id: mongoose.Types.ObjectId };
export const AuditLogModel = mongoose.model('AuditLog', auditSchema);

/** Who makes a change, handed by a route to the service that records it. */
export type AuditBy = { actor: AuditActor; requestId?: string; at?: Date };

export function actorOf(auth: Auth | undefined): AuditActor {
  if (!auth) return { kind: 'system', id: 'system' };
  return auth.kind === 'staff'
    ? { kind: 'staff', id: auth.staffId, name: auth.username }
    : { kind: 'resident', id: auth.userId };
}

export const auditBy = (auth: Auth | undefined, requestId: string | undefined, at: Date): AuditBy => ({
  actor: actorOf(auth),
  requestId,
  at,
});

const SECRET_FIELDS = new Set(['passwordHash', 'password', 'refreshToken', 'session_key', 'sessionKey']);

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof mongoose.Types.ObjectId) return v.toString();
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!SECRET_FIELDS.has(k)) out[k] = normalise(x);
    return out;
  }
  return v;
}

/** Keeps only top-level fields whose values differ (secrets dropped, `_id`/timestamps ignored). */
export function changedFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): { before?: Record<string, unknown>; after?: Record<string, unknown> } {
  const b = (normalise(before ?? {}) ?? {}) as Record<string, unknown>;
  const a = (normalise(after ?? {}) ?? {}) as Record<string, unknown>;
  const ignore = new Set(['_id', 'createdAt', 'updatedAt', '__v']);
  const keys = new Set([...Object.keys(b), ...Object.keys(a)].filter((k) => !ignore.has(k)));
  const ob: Record<string, unknown> = {};
  const oa: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    if (k in b) ob[k] = b[k];
    if (k in a) oa[k] = a[k];
  }
  return {
    before: before == null ? undefined : ob,
    after: after == null ? undefined : oa,
  };
}

async function record(input: AuditInput): Promise<void> {
  const diff =
    input.before !== undefined && input.after !== undefined
      ? changedFields(input.before, input.after)
      : {
          before: input.before ? (normalise(input.before) as object) : undefined,
          after: input.after ? (normalise(input.after) as object) : undefined,
        };
  await AuditLogModel.create({
    at: input.at ?? new Date(),
    actor: input.actor,
    action: input.action,
    target: input.target,
    before: diff.before,
    after: diff.after,
    outcome: input.outcome,
    requestId: input.requestId,
  });
}

/** Many entries at once (imports): one insert. */
async function recordMany(inputs: AuditInput[]): Promise<void> {
  if (!inputs.length) return;
  await AuditLogModel.insertMany(
    inputs.map((i) => {
      const d = changedFields(i.before, i.after);
      return {
        at: i.at ?? new Date(),
        actor: i.actor,
        action: i.action,
        target: i.target,
        before: d.before,
        after: d.after,
        outcome: i.outcome,
        requestId: i.requestId,
      };
    }),
    { ordered: false },
  );
}

/**
 * The one deletion the log allows: entries older than the retention period (AUDIT_RETENTION_DAYS), by
 * the scheduled sweep, in batches. It goes to the collection directly, past the model's refusal.
 */
async function prune(now: Date, days: number, batch = 5_000): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * 3600_000);
  let deleted = 0;
  for (;;) {
    const ids = (
      await AuditLogModel.find({ at: { $lt: cutoff } }, { _id: 1 })
        .limit(batch)
        .lean()
    ).map((d) => d._id);
    if (!ids.length) return deleted;
    deleted += (await AuditLogModel.collection.deleteMany({ _id: { $in: ids }, at: { $lt: cutoff } }))
      .deletedCount;
    if (ids.length < batch) return deleted;
  }
}

export const audit = { record, recordMany, prune };
