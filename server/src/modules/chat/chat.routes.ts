/** Chat over HTTP: opening and reading conversations, the agent desk's actions, quick replies. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { photoSigner } from '../uploads';
import { auditBy } from '../../platform/audit';
import { access, collectRoutes } from '../../platform/http/route';
import { CHAT_STAFF_ROLES } from './chat.access';
import * as messages from './message.service';
import * as queue from './queue.service';
import * as quickReplies from './quickReply.service';
import * as sessions from './session.service';
import { createWorkOrderFromChat } from './ticket.service';

const tags = ['chat'];
// Literal access objects (not access.staff()) so handlers get StaffAuth / Auth rather than Auth | undefined.
const chatStaff = { kind: 'protected', resident: false, staff: CHAT_STAFF_ROLES } as const;
const residentOrChatStaff = { kind: 'protected', resident: true, staff: CHAT_STAFF_ROLES } as const;
const admin = { kind: 'protected', resident: false, staff: ['admin'] } as const;

export const chatRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/chat/sessions',
      {
        operationId: 'openChatSession',
        summary: '发起在线咨询(已有进行中的会话则返回它)',
        tags,
        access: access.resident,
        body: T.OpenChatSessionBody,
        response: T.OpenChatSessionResult,
        errors: { 404: '户号、工单或账单不存在(或不属于您绑定的户号)' },
      },
      ({ auth, body }) => sessions.openSession(deps, auth, body),
    );

    r.get(
      '/api/chat/sessions/mine',
      {
        operationId: 'listMyChatSessions',
        summary: '我的咨询记录',
        tags,
        access: access.resident,
        response: T.ChatSessionList,
      },
      async ({ auth }) => ({ items: await sessions.mySessions(auth) }),
    );

    r.get(
      '/api/chat/sessions',
      {
        operationId: 'listChatSessions',
        summary: '会话列表(按户号/用户/状态,用于客户360视图)',
        tags,
        access: chatStaff,
        query: T.ListChatSessionsQuery,
        response: T.ChatSessionList,
      },
      async ({ query }) => ({ items: await sessions.listSessions(query) }),
    );

    r.get(
      '/api/chat/sessions/:sessionId',
      {
        operationId: 'getChatSession',
        summary: '会话详情',
        tags,
        access: residentOrChatStaff,
        params: T.ChatSessionParams,
        response: T.ChatSession,
        errors: { 404: '会话不存在' },
      },
      ({ auth, params }) => sessions.getSession(auth, params.sessionId),
    );

    r.get(
      '/api/chat/sessions/:sessionId/messages',
      {
        operationId: 'listChatMessages',
        summary: '会话消息(before 向前翻页,after 追新)',
        tags,
        access: residentOrChatStaff,
        params: T.ChatSessionParams,
        query: T.ListChatMessagesQuery,
        response: T.ChatMessagePage,
        errors: { 404: '会话不存在' },
      },
      ({ auth, params, query }) => messages.listMessages(auth, params.sessionId, query, photoSigner(deps)),
    );

    r.post(
      '/api/chat/sessions/:sessionId/messages',
      {
        operationId: 'sendChatMessage',
        summary: '发送消息(WebSocket 不可用时;clientMsgId 去重)',
        tags,
        access: residentOrChatStaff,
        params: T.ChatSessionParams,
        body: T.SendChatMessageBody,
        response: T.ChatMessage,
        status: 201,
        errors: { 404: '会话不存在', 422: '会话已结束', 429: '消息发送过于频繁' },
      },
      async ({ auth, params, body }) =>
        (await messages.sendMessage(deps, auth, params.sessionId, body)).message,
    );

    r.post(
      '/api/chat/sessions/:sessionId/read',
      {
        operationId: 'markChatRead',
        summary: '已读回执',
        tags,
        access: residentOrChatStaff,
        params: T.ChatSessionParams,
        body: T.MarkChatReadBody,
      },
      async ({ auth, params, body }) => {
        await messages.markRead(deps, auth, params.sessionId, body.seq);
      },
    );

    r.post(
      '/api/chat/sessions/:sessionId/close',
      {
        operationId: 'closeChatSession',
        summary: '结束会话(客服可填写小结)',
        tags,
        access: residentOrChatStaff,
        params: T.ChatSessionParams,
        body: T.CloseChatBody,
        response: T.ChatSession,
        errors: { 404: '会话不存在' },
      },
      ({ auth, params, body }) => sessions.close(deps, auth, params.sessionId, body),
    );

    r.post(
      '/api/chat/sessions/:sessionId/rating',
      {
        operationId: 'rateChatSession',
        summary: '评价本次会话',
        tags,
        access: access.resident,
        params: T.ChatSessionParams,
        body: T.RateChatBody,
        response: T.ChatSession,
        errors: { 404: '会话不存在', 409: '已评价', 422: '会话未结束' },
      },
      ({ auth, params, body }) => sessions.rate(deps, auth, params.sessionId, body),
    );

    r.get(
      '/api/chat/queue',
      {
        operationId: 'getChatQueue',
        summary: '排队中的会话与我的会话',
        tags,
        access: chatStaff,
        response: T.ChatQueue,
      },
      ({ auth }) => queue.queueFor(auth),
    );

    r.post(
      '/api/chat/sessions/:sessionId/pick',
      {
        operationId: 'pickChatSession',
        summary: '接入排队中的会话',
        tags,
        access: chatStaff,
        params: T.ChatSessionParams,
        response: T.ChatSession,
        errors: { 404: '会话不存在', 409: '已被接入' },
      },
      ({ auth, params }) => queue.pick(deps, auth, params.sessionId),
    );

    r.post(
      '/api/chat/sessions/:sessionId/transfer',
      {
        operationId: 'transferChatSession',
        summary: '转接给其他客服',
        tags,
        access: chatStaff,
        params: T.ChatSessionParams,
        body: T.TransferChatBody,
        response: T.ChatSession,
        errors: { 404: '会话或客服不存在', 409: '会话不在进行中' },
      },
      ({ auth, params, body }) => sessions.transfer(deps, auth, params.sessionId, body),
    );

    r.post(
      '/api/chat/sessions/:sessionId/work-orders',
      {
        operationId: 'createWorkOrderFromChat',
        summary: '从会话创建工单(预填客户与对话内容)',
        tags,
        access: chatStaff,
        params: T.ChatSessionParams,
        body: T.CreateWorkOrderFromChatBody,
        response: T.ChatWorkOrderLink,
        status: 201,
        errors: { 404: '会话不存在', 422: '客户未绑定户号' },
      },
      ({ auth, params, body }) => createWorkOrderFromChat(deps, auth, params.sessionId, body),
    );

    r.get(
      '/api/chat/agent/status',
      {
        operationId: 'getChatAgentStatus',
        summary: '我的接待状态',
        tags,
        access: chatStaff,
        response: T.ChatAgentStatus,
      },
      async ({ auth }) => queue.agentStatusView(await queue.agentRecord(auth.staffId)),
    );

    r.put(
      '/api/chat/agent/status',
      {
        operationId: 'setChatAgentStatus',
        summary: '设置接待状态与同时接待数',
        tags,
        access: chatStaff,
        body: T.SetChatAgentStatusBody,
        response: T.ChatAgentStatus,
      },
      ({ auth, body }) => queue.setAgentStatus(deps, auth, body),
    );

    r.get(
      '/api/chat/quick-replies',
      {
        operationId: 'listQuickReplies',
        summary: '快捷回复',
        tags,
        access: chatStaff,
        response: T.QuickReplyList,
      },
      () => quickReplies.listQuickReplies(),
    );

    r.post(
      '/api/chat/quick-replies',
      {
        operationId: 'createQuickReply',
        summary: '新增快捷回复',
        tags,
        access: admin,
        body: T.QuickReplyBody,
        response: T.QuickReply,
        status: 201,
      },
      ({ body, auth, ctx }) =>
        quickReplies.createQuickReply(body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
    );

    r.put(
      '/api/chat/quick-replies/:quickReplyId',
      {
        operationId: 'updateQuickReply',
        summary: '修改快捷回复',
        tags,
        access: admin,
        params: T.QuickReplyParams,
        body: T.QuickReplyBody,
        response: T.QuickReply,
        errors: { 404: '不存在' },
      },
      ({ params, body, auth, ctx }) =>
        quickReplies.updateQuickReply(
          params.quickReplyId,
          body,
          auditBy(auth, ctx.state.requestId, deps.clock.now()),
        ),
    );

    r.delete(
      '/api/chat/quick-replies/:quickReplyId',
      {
        operationId: 'deleteQuickReply',
        summary: '删除快捷回复',
        tags,
        access: admin,
        params: T.QuickReplyParams,
        errors: { 404: '不存在' },
      },
      async ({ params, auth, ctx }) => {
        await quickReplies.deleteQuickReply(
          params.quickReplyId,
          auditBy(auth, ctx.state.requestId, deps.clock.now()),
        );
      },
    );
  });
