/** What the chat desk reads (types/src/chat.ts is the contract). */
export type ChatSession = {
  id: string;
  status?: 'waiting' | 'active' | 'closed' | string;
  accountNo?: string;
  accountId?: string;
  customerName?: string;
  topic?: string;
  agentId?: string;
  createdAt?: string;
  lastMessageAt?: string;
  unread?: number;
};

export type ChatMessage = {
  id?: string;
  sessionId?: string;
  from?: 'resident' | 'agent' | 'system' | string;
  kind?: 'text' | 'image' | 'bill' | 'order' | string;
  text?: string;
  card?: { title?: string; ref?: string };
  at?: string;
  createdAt?: string;
};

/** Phrases agents send often; editable here until an admin-managed list exists on the server. */
export const QUICK_REPLIES = [
  '您好,我是在线客服,请问有什么可以帮您?',
  '请提供您的户号,我帮您查询。',
  '已为您登记报修,维修师傅会尽快联系您。',
  '请问还有其他可以帮您的吗?',
  '感谢您的耐心等待,祝您生活愉快!',
];
