/** The chat desk's data: types/src/chat.ts is the contract. */
export type { ChatMessage, ChatSession, ChatCard } from '@portal/types';

/** Shown when the server has no quick replies configured (listQuickReplies). */
export const DEFAULT_QUICK_REPLIES = [
  '您好,我是在线客服,请问有什么可以帮您?',
  '请提供您的户号,我帮您查询。',
  '已为您登记报修,维修师傅会尽快联系您。',
  '请问还有其他可以帮您的吗?',
  '感谢您的耐心等待,祝您生活愉快!',
];
