/**
 * Chat messages are kept CHAT_RETENTION_DAYS, then deleted by the privacy sweep (the session records stay
 * for the service statistics). Photos sent in chat count as used while a message shows them.
 */
import { createdBefore, pruneCreatedBefore } from '../../platform/retention';
import { ChatMessageModel } from './chatMessage.model';

export async function pruneChatMessages(now: Date, days: number): Promise<number> {
  return pruneCreatedBefore(ChatMessageModel, createdBefore(now, days), {});
}

/** The ids among `photoIds` that a chat message still shows. */
export async function photoIdsInChat(photoIds: string[]): Promise<Set<string>> {
  if (!photoIds.length) return new Set();
  const rows = await ChatMessageModel.find({ photoId: { $in: photoIds } }, { photoId: 1 }).lean();
  return new Set(rows.map((r) => r.photoId!));
}
