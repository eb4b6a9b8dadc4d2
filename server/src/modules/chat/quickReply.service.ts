/** Quick replies (canned answers): agents list them, admins manage them. */
import type * as T from '@portal/types';
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

export async function createQuickReply(body: T.z.infer<typeof T.QuickReplyBody>) {
  return view((await QuickReplyModel.create(body)).toObject() as QuickReplyDoc);
}

export async function updateQuickReply(id: string, body: T.z.infer<typeof T.QuickReplyBody>) {
  const q = await QuickReplyModel.findByIdAndUpdate(id, { $set: body }, { new: true }).lean<QuickReplyDoc>();
  if (!q) throw notFound();
  return view(q);
}

export async function deleteQuickReply(id: string) {
  const r = await QuickReplyModel.deleteOne({ _id: id });
  if (!r.deletedCount) throw notFound();
}
