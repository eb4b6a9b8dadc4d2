/** 注销, notices' part: which notices the resident was sent and read (the notice's counts stay on the notice). */
import { NoticeRecipientModel } from './notice.model';

export async function forgetNoticeRecipient(userId: string): Promise<Record<string, number>> {
  const r = await NoticeRecipientModel.deleteMany({ userId });
  return { noticeRecipientsDeleted: r.deletedCount };
}
