/**
 * 注销, chat's part: the resident's conversations lose every message (theirs and the agents' replies,
 * which quote them) and free text (summary, rating comment); an open one is closed. What remains of a
 * session (times, agent, 户号, score) still counts in the service statistics and names nobody.
 */
import { ChatMessageModel } from './chatMessage.model';
import { ChatPresenceModel } from './chatPresence.model';
import { ChatSessionModel } from './chatSession.model';

export async function forgetChatResident(userId: string, now: Date): Promise<Record<string, number>> {
  await ChatSessionModel.updateMany(
    { userId, status: { $ne: 'closed' } },
    { $set: { status: 'closed', closedAt: now, closedBy: 'resident' }, $unset: { openFor: 1 } },
  );
  const sessions = await ChatSessionModel.find({ userId }, { _id: 1 }).lean();
  const ids = sessions.map((s) => String(s._id));
  const messages = ids.length ? await ChatMessageModel.deleteMany({ sessionId: { $in: ids } }) : null;
  if (ids.length)
    await ChatSessionModel.updateMany(
      { userId },
      { $unset: { summary: 1, 'rating.comment': 1, billId: 1, orderNo: 1 } },
    );
  await ChatPresenceModel.deleteMany({ principal: `user:${userId}` });
  return { chatSessions: ids.length, chatMessagesDeleted: messages?.deletedCount ?? 0 };
}
