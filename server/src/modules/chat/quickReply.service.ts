/** Quick replies (canned answers): agents list them, admins manage them (each change audited). */
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { QuickReplyModel, type QuickReplyDoc } from './quickReply.model';

const view = (q: QuickReplyDoc) => ({
  id: q._id.toString(),
  title: q.title,
  text: q.text,
  tags: q.tags ?? [],
  order: q.order ?? 0,
});
const notFound = () => errors.quickReplyNotFound();

export async function listQuickReplies() {
  const rows = await QuickReplyModel.find().sort({ order: 1, title: 1 }).limit(500).lean<QuickReplyDoc[]>();
  return { items: rows.map(view) };
}

const record = (who: AuditBy, action: string, id: string, before: object | null, after: object | null) =>
  audit.record({
    actor: who.actor,
    action: `quickReply.${action}`,
    target: { kind: 'quickReply', id },
    before: before as Record<string, unknown> | null,
    after: after as Record<string, unknown> | null,
    requestId: who.requestId,
    at: who.at,
  });

export async function createQuickReply(body: T.z.infer<typeof T.QuickReplyBody>, who: AuditBy) {
  const created = view((await QuickReplyModel.create(body)).toObject() as QuickReplyDoc);
  await record(who, 'create', created.id, null, body);
  return created;
}

export async function updateQuickReply(id: string, body: T.z.infer<typeof T.QuickReplyBody>, who: AuditBy) {
  const before = await QuickReplyModel.findByIdAndUpdate(id, { $set: body }).lean<QuickReplyDoc>();
  if (!before) throw notFound();
  await record(who, 'update', id, view(before), body);
  return { ...view(before), ...body, id };
}

export async function deleteQuickReply(id: string, who: AuditBy) {
  const before = await QuickReplyModel.findOneAndDelete({ _id: id }).lean<QuickReplyDoc>();
  if (!before) throw notFound();
  await record(who, 'delete', id, view(before), null);
}
