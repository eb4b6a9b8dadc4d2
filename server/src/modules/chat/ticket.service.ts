/**
 * Work orders from a conversation: the agent opens one pre-filled with the customer and what was
 * said; a message left out of hours becomes a 咨询 (consultation) order. The order number is linked on
 * the session (workOrderNos) and a work-order card is posted into the conversation.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { boundAccountNos } from '../accounts';
import { usablePhotoIds } from '../uploads';
import { createWorkOrder } from '../workorders';
import { publish } from './chat.bus';
import { sessionForRead, sessionTargets } from './chat.access';
import { sessionView } from './chat.views';
import { ChatMessageModel } from './chatMessage.model';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';
import { appendSystemMessage } from './message.service';
import { closeNow } from './session.service';

const TYPE_LABEL: Record<string, string> = {
  repair: '报修',
  complaint: '投诉',
  consultation: '咨询',
  accountTransfer: '过户',
  accountClose: '销户',
  accountOpen: '开户',
};

async function residentText(sessionId: string): Promise<string> {
  const msgs = await ChatMessageModel.find({ sessionId, from: 'resident', kind: 'text' }, { text: 1 })
    .sort({ seq: 1 })
    .limit(50)
    .lean();
  return msgs.map((m) => m.text).join('\n');
}

/** The resident's photos in the conversation that are theirs to put on an order (never another household's). */
async function photosOf(s: ChatSessionDoc): Promise<string[]> {
  const msgs = await ChatMessageModel.find(
    { sessionId: s._id.toString(), from: 'resident', kind: 'image' },
    { photoId: 1 },
  )
    .sort({ seq: 1 })
    .limit(9)
    .lean();
  const ids = msgs.map((m) => m.photoId!).filter(Boolean);
  return usablePhotoIds({ kind: 'resident', userId: s.userId }, ids);
}

async function linkAndAnnounce(deps: AppDeps, s: ChatSessionDoc, orderNo: string, type: string) {
  const sessionId = s._id.toString();
  await ChatSessionModel.updateOne({ _id: sessionId }, { $addToSet: { workOrderNos: orderNo } });
  await appendSystemMessage(
    deps,
    sessionId,
    {
      kind: 'card',
      card: {
        type: 'workOrder',
        ref: orderNo,
        title: `${TYPE_LABEL[type] ?? '工单'}工单 ${orderNo}`,
        lines: ['已受理,可在“我的工单”中查看进度'],
      },
    },
    sessionTargets(s),
  );
}

export async function createWorkOrderFromChat(
  deps: AppDeps,
  auth: StaffAuth,
  sessionId: string,
  body: T.z.infer<typeof T.CreateWorkOrderFromChatBody>,
): Promise<{ sessionId: string; orderNo: string }> {
  const s = await sessionForRead(auth, sessionId);
  if (s.agentId !== auth.staffId && !auth.roles.some((r) => r === 'supervisor' || r === 'admin'))
    throw errors.chatNotAssigned();
  const accountNo = body.accountNo ?? s.accountNo ?? (await boundAccountNos(s.userId))[0];
  if (!accountNo) throw errors.chatNoAccount();
  const said = await residentText(sessionId);
  const description = (body.description ?? said) || '在线客服会话';
  const { order } = await createWorkOrder(deps, auth, {
    accountNo,
    type: body.type,
    category: body.category ?? 'other',
    description: `${description}`.slice(0, 1000),
    photos: [],
    urgency: 'normal',
    channel: 'console',
  } as Parameters<typeof createWorkOrder>[2]);
  await linkAndAnnounce(deps, s, order.orderNo, body.type);
  return { sessionId, orderNo: order.orderNo };
}

/** The chat.leaveMessage job: an after-hours conversation's messages become a 咨询 order. */
export async function convertLeftMessage(
  deps: AppDeps,
  sessionId: string,
): Promise<{ orderNo?: string; skipped?: string }> {
  const s = await ChatSessionModel.findById(sessionId).lean<ChatSessionDoc>();
  if (!s || s.status !== 'afterHours') return { skipped: 'not after hours' };
  if (s.workOrderNos?.length) {
    await closeNow(deps, s, 'system', `留言已转为咨询工单 ${s.workOrderNos[0]}`);
    return { orderNo: s.workOrderNos[0] };
  }
  const said = await residentText(sessionId);
  if (!said) return { skipped: 'nothing said' };
  const accountNo = s.accountNo ?? (await boundAccountNos(s.userId))[0];
  let orderNo: string | undefined;
  if (accountNo) {
    const { order } = await createWorkOrder(deps, { kind: 'system' }, {
      accountNo,
      type: 'consultation',
      category: 'other',
      description: `【在线客服留言】${said}`.slice(0, 1000),
      photos: await photosOf(s),
      urgency: 'normal',
      channel: 'mp',
    } as Parameters<typeof createWorkOrder>[2]);
    orderNo = order.orderNo;
    await linkAndAnnounce(deps, s, orderNo, 'consultation');
  }
  const text = orderNo
    ? `您的留言已转为咨询工单 ${orderNo},工作人员上班后会尽快处理并通知您。`
    : '您的留言已收到,工作人员上班后会尽快联系您。';
  await appendSystemMessage(deps, sessionId, { kind: 'system', text }, sessionTargets(s));
  const closed = await closeNow(
    deps,
    s,
    'system',
    orderNo ? `留言已转为咨询工单 ${orderNo}` : '非服务时间留言',
  );
  if (closed) await publish(deps, sessionTargets(s), { type: 'session', session: sessionView(closed) });
  return { orderNo };
}
