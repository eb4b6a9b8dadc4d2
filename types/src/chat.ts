/**
 * Online service chat (在线客服): the HTTP contract and the WebSocket frames at `/ws`.
 * The protocol is described in server/src/modules/chat/README.md; every frame is one JSON object
 * with a `type`, validated by ClientFrame (client → server) and ServerFrame (server → client).
 */
import { z } from './zod';
import { AccountNo, IsoDateTime, ObjectId, shortText } from './common';
import { WorkOrderCategory, WorkOrderType } from './workorders';

export const ChatSessionStatus = z.enum(['queued', 'active', 'afterHours', 'closed']);
export type ChatSessionStatus = z.infer<typeof ChatSessionStatus>;

export const ChatParty = z.enum(['resident', 'agent', 'system']);
export type ChatParty = z.infer<typeof ChatParty>;

/** A card the agent sends: a bill or a work order the resident can open. */
export const ChatCard = z.object({
  type: z.enum(['bill', 'workOrder']),
  /** billId for a bill, orderNo for a work order. */
  ref: z.string().trim().min(1).max(40),
  title: z.string().trim().max(60).optional(),
  /** Short lines shown on the card (amount, status, due date...). */
  lines: z.array(z.string().max(60)).max(5).optional(),
});
export type ChatCard = z.infer<typeof ChatCard>;

/** What a sender puts in a message. */
export const ChatMessageContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: shortText(2000) }),
  z.object({ kind: z.literal('image'), photoId: ObjectId }),
  z.object({ kind: z.literal('card'), card: ChatCard }),
]);
export type ChatMessageContent = z.infer<typeof ChatMessageContent>;

export const ChatMessage = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    /** Per-session, increasing; resume after the last seq held before the first hole. */
    seq: z.number().int(),
    from: ChatParty,
    senderId: z.string().optional(),
    senderName: z.string().optional(),
    kind: z.enum(['text', 'image', 'card', 'system']),
    text: z.string().optional(),
    photoId: z.string().optional(),
    /** For image messages: signed URLs (about 10 minutes) usable as <Image src> without a token. */
    photo: z.object({ url: z.string(), thumbUrl: z.string() }).optional(),
    card: ChatCard.optional(),
    clientMsgId: z.string().optional(),
    createdAt: IsoDateTime,
  })
  .openapi('ChatMessage');
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatSession = z
  .object({
    id: z.string(),
    status: ChatSessionStatus,
    userId: z.string(),
    accountNo: z.string().optional(),
    orderNo: z.string().optional(),
    billId: z.string().optional(),
    agentId: z.string().optional(),
    agentName: z.string().optional(),
    queuedAt: IsoDateTime,
    assignedAt: IsoDateTime.optional(),
    closedAt: IsoDateTime.optional(),
    closedBy: z.enum(['resident', 'agent', 'system']).optional(),
    summary: z.string().optional(),
    lastSeq: z.number().int(),
    residentReadSeq: z.number().int(),
    agentReadSeq: z.number().int(),
    lastMessageAt: IsoDateTime.optional(),
    rating: z.object({ score: z.number().int(), comment: z.string().optional(), at: IsoDateTime }).optional(),
    transfers: z.array(
      z.object({ from: z.string(), to: z.string(), note: z.string().optional(), at: IsoDateTime }),
    ),
    workOrderNos: z.array(z.string()),
    /** Position in the queue (1 = next) while queued. */
    queuePosition: z.number().int().optional(),
  })
  .openapi('ChatSession');
export type ChatSession = z.infer<typeof ChatSession>;

// ---- HTTP ------------------------------------------------------------------------------------

export const OpenChatSessionBody = z.object({
  accountNo: AccountNo.optional(),
  orderNo: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}\d{8,14}$/, '工单号格式不正确')
    .optional(),
  billId: ObjectId.optional(),
  /** The first thing the resident says. */
  text: shortText(2000).optional(),
});
export type OpenChatSessionBody = z.infer<typeof OpenChatSessionBody>;

export const OpenChatSessionResult = z.object({
  session: ChatSession,
  /** Messages so far (the auto-reply out of hours, the opening text). */
  messages: z.array(ChatMessage),
  /** true when an open session already existed and was returned instead of a new one. */
  resumed: z.boolean(),
});
export type OpenChatSessionResult = z.infer<typeof OpenChatSessionResult>;

export const ChatSessionParams = z.object({ sessionId: ObjectId });
export type ChatSessionParams = z.infer<typeof ChatSessionParams>;

export const ListChatMessagesQuery = z.object({
  /** Messages with seq < before, newest page first (history scrolling). */
  before: z.coerce.number().int().min(1).optional(),
  /** Messages with seq > after, oldest first (catching up). */
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListChatMessagesQuery = z.infer<typeof ListChatMessagesQuery>;
export const ChatMessagePage = z.object({
  items: z.array(ChatMessage),
  hasMore: z.boolean(),
  lastSeq: z.number().int(),
});
export type ChatMessagePage = z.infer<typeof ChatMessagePage>;

export const SendChatMessageBody = z.intersection(
  ChatMessageContent,
  z.object({ clientMsgId: z.string().trim().min(1).max(64) }),
);
export type SendChatMessageBody = z.infer<typeof SendChatMessageBody>;

export const MarkChatReadBody = z.object({ seq: z.number().int().min(0) });
export type MarkChatReadBody = z.infer<typeof MarkChatReadBody>;
export const TransferChatBody = z.object({
  toStaffId: ObjectId,
  note: z.string().trim().max(200).optional(),
});
export type TransferChatBody = z.infer<typeof TransferChatBody>;
export const CloseChatBody = z.object({ summary: z.string().trim().max(500).optional() });
export type CloseChatBody = z.infer<typeof CloseChatBody>;
export const RateChatBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(300).optional(),
});
export type RateChatBody = z.infer<typeof RateChatBody>;

export const ListChatSessionsQuery = z.object({
  accountNo: AccountNo.optional(),
  userId: ObjectId.optional(),
  status: ChatSessionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListChatSessionsQuery = z.infer<typeof ListChatSessionsQuery>;
export const ChatSessionList = z.object({ items: z.array(ChatSession) });
export type ChatSessionList = z.infer<typeof ChatSessionList>;

export const ChatAgentStatus = z
  .object({
    staffId: z.string(),
    status: z.enum(['online', 'away', 'offline']),
    capacity: z.number().int(),
    active: z.number().int(),
  })
  .openapi('ChatAgentStatus');
export type ChatAgentStatus = z.infer<typeof ChatAgentStatus>;
export const ChatQueue = z.object({
  /** The 200 waiting longest, the longest first. */
  waiting: z.array(ChatSession),
  /** Whether more residents wait than are listed. */
  waitingMore: z.boolean(),
  mine: z.array(ChatSession),
  agent: ChatAgentStatus,
});
export type ChatQueue = z.infer<typeof ChatQueue>;

export const SetChatAgentStatusBody = z.object({
  status: z.enum(['online', 'away', 'offline']),
  /** Concurrent chats (defaults to the staff record's chatCapacity). */
  capacity: z.number().int().min(1).max(50).optional(),
});
export type SetChatAgentStatusBody = z.infer<typeof SetChatAgentStatusBody>;

export const QuickReply = z
  .object({
    id: z.string(),
    title: z.string(),
    text: z.string(),
    tags: z.array(z.string()),
    order: z.number().int(),
  })
  .openapi('QuickReply');
export type QuickReply = z.infer<typeof QuickReply>;
export const QuickReplyBody = z.object({
  title: shortText(40),
  text: shortText(1000),
  tags: z.array(shortText(20)).max(10).default([]),
  order: z.number().int().min(0).max(10_000).default(0),
});
export type QuickReplyBody = z.infer<typeof QuickReplyBody>;
export const QuickReplyParams = z.object({ quickReplyId: ObjectId });
export type QuickReplyParams = z.infer<typeof QuickReplyParams>;
export const QuickReplyList = z.object({ items: z.array(QuickReply) });
export type QuickReplyList = z.infer<typeof QuickReplyList>;

export const CreateWorkOrderFromChatBody = z.object({
  /** repair, complaint, an account change (accountTransfer/accountClose/...), consultation. */
  type: WorkOrderType,
  category: WorkOrderCategory.optional(),
  /** Defaults to the account the conversation is about. */
  accountNo: AccountNo.optional(),
  /** Defaults to the resident's messages in this conversation. */
  description: z.string().trim().max(2000).optional(),
});
export type CreateWorkOrderFromChatBody = z.infer<typeof CreateWorkOrderFromChatBody>;
export const ChatWorkOrderLink = z.object({ sessionId: z.string(), orderNo: z.string() });
export type ChatWorkOrderLink = z.infer<typeof ChatWorkOrderLink>;

// ---- WebSocket frames ------------------------------------------------------------------------

const clientMsgId = z.string().trim().min(1).max(64);

/** Client → server. */
export const ClientFrame = z.discriminatedUnion('type', [
  /** First frame (or `?token=` on the URL): the same bearer token as the HTTP API. */
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('ping'), t: z.number().optional() }),
  z.object({
    type: z.literal('send'),
    sessionId: ObjectId,
    clientMsgId,
    message: ChatMessageContent,
  }),
  /** Replays messages with seq > afterSeq, then `resumed`. */
  z.object({ type: z.literal('resume'), sessionId: ObjectId, afterSeq: z.number().int().min(0) }),
  z.object({ type: z.literal('read'), sessionId: ObjectId, seq: z.number().int().min(0) }),
  z.object({ type: z.literal('typing'), sessionId: ObjectId }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Server → client. */
export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    principal: z.object({ kind: z.enum(['resident', 'staff']), id: z.string() }),
    heartbeatMs: z.number().int(),
    serverTime: IsoDateTime,
  }),
  z.object({ type: z.literal('pong'), t: z.number().optional() }),
  /** The message is persisted: seq and id are final. Sent for every `send`, also a repeated one. */
  z.object({ type: z.literal('ack'), clientMsgId: z.string(), message: ChatMessage, duplicate: z.boolean() }),
  z.object({ type: z.literal('message'), message: ChatMessage }),
  z.object({ type: z.literal('resumed'), sessionId: z.string(), lastSeq: z.number().int() }),
  z.object({ type: z.literal('session'), session: ChatSession }),
  z.object({
    type: z.literal('read'),
    sessionId: z.string(),
    by: z.enum(['resident', 'agent']),
    seq: z.number().int(),
  }),
  z.object({ type: z.literal('typing'), sessionId: z.string(), by: z.enum(['resident', 'agent']) }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    /** The clientMsgId or frame type the error answers. */
    ref: z.string().optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Close codes the server uses (4xxx = application). */
export const ChatCloseCode = {
  unauthenticated: 4401,
  heartbeatTimeout: 4408,
  tooManyErrors: 4429,
  shuttingDown: 1001,
  tooLarge: 1009,
} as const;
