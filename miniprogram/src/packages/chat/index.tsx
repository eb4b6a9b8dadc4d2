/**
 * 在线客服: opens (or resumes) my conversation over HTTP, then talks on the WebSocket /ws
 * (the shared chat connection over features/chat/socket.ts): text, images (uploaded first), bill/work-order cards.
 * Exactly-once: every send has a clientMsgId and stays pending until its `ack`; after a reconnect the
 * pending ones are resent and `resume {afterSeq}` replays what was missed; messages merge by seq.
 * Opened with a sessionId (我的咨询记录) it shows that conversation (getChatSession): a closed one
 * read-only with its rating (rateChatSession), an open one live as above.
 * Read receipts go on the socket; when it is not connected (a past conversation, or the network
 * dropped) the same receipt goes over HTTP (markChatRead), so the agent still sees 已读.
 */
import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Input, ScrollView, Image } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type {
  ChatMessage,
  ChatSession,
  ClientFrame,
  OpenChatSessionResult,
  ServerFrame,
} from '@portal/types';
import { PageState } from '../../components/PageState';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { sessionStore } from '../../services/session';
import { go, usePageQuery } from '../../services/navigation';
import { choosePhotos } from '../../services/upload';
import {
  connectChat,
  lastSeq,
  mergeMessages,
  newClientMsgId,
  resumeAfterSeq,
  type ChatConnection,
  type ChatStatus,
} from '@portal/types/src/client';
import { openTaroSocket, socketUrl } from '../../features/chat/socket';
import { ChatRating } from '../../features/chat/ChatRating';
import { formatShortDateTime } from '../../utils/date';
import { callHotline, useServiceSettings } from '../../features/settings/useServiceSettings';
import './index.scss';
import { ElderRoot } from '../../features/elder/ElderRoot';

/** A message of mine not yet acknowledged by the server: shown greyed, resent after a reconnect. */
type Pending = { clientMsgId: string; text?: string; photoId?: string; failed?: boolean };

const statusText = (s: ChatSession | undefined, socket: ChatStatus) => {
  if (s?.status === 'closed') return '本次咨询已结束';
  if (socket !== 'online') return socket === 'connecting' ? '正在连接…' : '网络已断开,正在重连…';
  if (!s) return '';
  if (s.status === 'active') return `${s.agentName ?? '客服'} 为您服务`;
  if (s.status === 'queued')
    return s.queuePosition ? `正在排队,前面还有 ${Math.max(0, s.queuePosition - 1)} 位` : '正在为您接入客服…';
  if (s.status === 'afterHours') return '当前为非工作时间,留言后客服上班会回复您';
  return '本次咨询已结束';
};

function Bubble({ m }: { m: ChatMessage }) {
  const mine = m.from === 'resident';
  if (m.kind === 'system') return <View className="chat__system">{m.text}</View>;
  let body;
  if (m.kind === 'image') {
    const photo = m.photo;
    body = photo ? (
      <Image
        className="chat__photo tap"
        src={photo.thumbUrl}
        mode="aspectFill"
        lazyLoad
        aria-label="图片,点击查看大图"
        onClick={() => Taro.previewImage({ urls: [photo.url], current: photo.url }).catch(() => undefined)}
      />
    ) : (
      <Text>[图片]</Text>
    );
  } else if (m.kind === 'card' && m.card) {
    const card = m.card;
    body = (
      <View
        className="chat__card tap"
        onClick={() =>
          card.type === 'bill' ? go('billDetail', { id: card.ref }) : go('orderDetail', { orderNo: card.ref })
        }
      >
        <View className="chat__card-title">
          {card.title ?? (card.type === 'bill' ? '账单' : `工单 ${card.ref}`)}
        </View>
        {card.lines?.map((l) => (
          <View key={l} className="muted">
            {l}
          </View>
        ))}
        <View className="link">{card.type === 'bill' ? '查看账单 ›' : '查看工单 ›'}</View>
      </View>
    );
  } else body = <Text>{m.text}</Text>;
  return (
    <View className={`chat__row ${mine ? 'chat__row--mine' : ''}`}>
      <View className="chat__meta muted">{`${mine ? '我' : (m.senderName ?? '客服')} ${formatShortDateTime(m.createdAt)}`}</View>
      <View className={`chat__bubble ${mine ? 'chat__bubble--mine' : ''}`}>{body}</View>
    </View>
  );
}

export default function ChatPage() {
  const hotline = useServiceSettings()?.hotline;
  const params = usePageQuery('chat');
  const [session, setSession] = useState<ChatSession>();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [pending, setPending] = useState<Pending[]>([]);
  const [socketStatus, setSocketStatus] = useState<ChatStatus>('connecting');
  const [loadError, setLoadError] = useState<string>();
  const [sendError, setSendError] = useState<string>();
  const [text, setText] = useState('');
  const [nonce, setNonce] = useState(0);
  // The past conversation asked for by the link; cleared when the resident starts a new one.
  const [pastId, setPastId] = useState(params.sessionId);
  // The socket callbacks read the latest state through refs.
  const messagesRef = useRef<ChatMessage[]>([]);
  const pendingRef = useRef<Pending[]>([]);
  const sessionRef = useRef<ChatSession>();
  const socketRef = useRef<ChatConnection>();
  messagesRef.current = messages;
  pendingRef.current = pending;
  sessionRef.current = session;

  const addMessages = (incoming: ChatMessage[]) => setMessages((cur) => mergeMessages(cur, incoming));
  const settle = (clientMsgId: string) => setPending((p) => p.filter((x) => x.clientMsgId !== clientMsgId));

  const frameFor = (p: Pending, sessionId: string): ClientFrame => ({
    type: 'send',
    sessionId,
    clientMsgId: p.clientMsgId,
    message: p.photoId ? { kind: 'image', photoId: p.photoId } : { kind: 'text', text: p.text ?? '' },
  });

  useEffect(() => {
    let cancelled = false;
    setLoadError(undefined);
    const joinLive = (res: OpenChatSessionResult) => {
      if (cancelled) return;
      setSession(res.session);
      addMessages(res.messages);
      socketRef.current = connectChat({
        url: socketUrl(),
        open: openTaroSocket,
        token: () => sessionStore.get()?.token,
        onReady: () => {
          const s = sessionRef.current;
          if (!s) return [];
          return [
            ...pendingRef.current.map((p) => frameFor(p, s.id)),
            { type: 'resume', sessionId: s.id, afterSeq: resumeAfterSeq(messagesRef.current) },
          ];
        },
        onFrame: (f: ServerFrame) => {
          if (f.type === 'ack') {
            settle(f.clientMsgId);
            addMessages([f.message]);
          } else if (f.type === 'message' && f.message.sessionId === sessionRef.current?.id)
            addMessages([f.message]);
          else if (f.type === 'session' && f.session.id === sessionRef.current?.id) setSession(f.session);
          else if (f.type === 'error' && f.ref) {
            setPending((p) => p.map((x) => (x.clientMsgId === f.ref ? { ...x, failed: true } : x)));
            setSendError(f.message);
          }
        },
        onStatus: setSocketStatus,
        onUnauthorized: async () => {
          // The token was refused: renew the session through the API client, then reconnect.
          await api.renewSession().catch(() => undefined);
        },
      });
    };
    const openLive = () =>
      api
        .call('openChatSession', {
          body: { accountNo: params.accountNo, orderNo: params.orderNo, billId: params.billId },
        })
        .then(joinLive);
    /** A closed conversation is only read; an open one is my current one, which openChatSession resumes. */
    const openPast = async (sessionId: string) => {
      const past = await api.call('getChatSession', { params: { sessionId } });
      if (past.status !== 'closed') return openLive();
      const page = await api.call('listChatMessages', { params: { sessionId }, query: { limit: 200 } });
      if (cancelled) return;
      setSession(past);
      addMessages(page.items);
    };
    (pastId ? openPast(pastId) : openLive()).catch(
      (e: unknown) => !cancelled && setLoadError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
      socketRef.current?.close();
      socketRef.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nonce]);

  // Read receipts for what I have seen: on the socket, or over HTTP while it is not connected.
  const seen = lastSeq(messages);
  useEffect(() => {
    const s = sessionRef.current;
    if (!s || seen <= 0 || seen <= s.residentReadSeq) return;
    if (socketRef.current?.send({ type: 'read', sessionId: s.id, seq: seen })) return;
    api.call('markChatRead', { params: { sessionId: s.id }, body: { seq: seen } }).catch(() => undefined);
  }, [seen]);

  /** 重新咨询: a new conversation, not the one on screen. */
  const startOver = () => {
    setPastId(undefined);
    setSession(undefined);
    setMessages([]);
    setPending([]);
    setNonce((n) => n + 1);
  };

  const sendPending = async (p: Pending) => {
    const s = sessionRef.current;
    if (!s) return;
    setPending((cur) => [...cur.filter((x) => x.clientMsgId !== p.clientMsgId), { ...p, failed: false }]);
    if (socketRef.current?.send(frameFor(p, s.id))) return;
    // No socket right now: the HTTP fallback, same clientMsgId (the server dedupes).
    try {
      const body = p.photoId
        ? { kind: 'image' as const, photoId: p.photoId, clientMsgId: p.clientMsgId }
        : { kind: 'text' as const, text: p.text ?? '', clientMsgId: p.clientMsgId };
      const stored = await api.call('sendChatMessage', { params: { sessionId: s.id }, body });
      settle(p.clientMsgId);
      addMessages([stored]);
    } catch {
      // Stays pending; it is resent when the socket is back.
    }
  };

  const sendText = () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    setSendError(undefined);
    void sendPending({ clientMsgId: newClientMsgId(), text: value });
  };

  const sendImage = async () => {
    setSendError(undefined);
    try {
      const [file] = await choosePhotos(1);
      if (!file) return;
      const photo = await api.upload('uploadPhoto', { file });
      void sendPending({ clientMsgId: newClientMsgId(), photoId: photo.id });
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string }).errMsg))) setSendError(errorMessage(e));
    }
  };

  if (loadError || !session) {
    return (
      <ElderRoot>
        <PageState loading={!loadError} error={loadError} onRetry={() => setNonce((n) => n + 1)}>
          {null}
        </PageState>
      </ElderRoot>
    );
  }
  const closed = session.status === 'closed';
  return (
    <ElderRoot>
      <View className="chat">
        <View className="chat__status">
          <View role="status">{statusText(session, socketStatus)}</View>
          <Text className="link tap" onClick={() => go('chatHistory')}>
            咨询记录 ›
          </Text>
        </View>
        <ScrollView className="chat__list" scrollY scrollIntoView={`msg-${seen}`}>
          {messages.length === 0 && pending.length === 0 && (
            <View className="chat__system">您好,请问有什么可以帮您?</View>
          )}
          {messages.map((m) => (
            <View key={m.seq} id={`msg-${m.seq}`}>
              <Bubble m={m} />
            </View>
          ))}
          {pending.map((p) => (
            <View key={p.clientMsgId} className="chat__row chat__row--mine">
              <View className="chat__bubble chat__bubble--mine chat__bubble--pending">
                <Text>{p.photoId ? '[图片]' : p.text}</Text>
              </View>
              <View className="muted" onClick={() => p.failed && sendPending(p)}>
                {p.failed ? '发送失败,点击重发' : '发送中…'}
              </View>
            </View>
          ))}
        </ScrollView>
        {sendError && (
          <View className="field-error chat__error" role="alert">
            {sendError}
          </View>
        )}
        {closed && <ChatRating session={session} onRated={setSession} />}
        {closed ? (
          <View className="chat__bar">
            <Button block type="primary" onClick={startOver}>
              重新咨询
            </Button>
            {hotline && <Button block onClick={() => callHotline(hotline)}>{`拨打 ${hotline}`}</Button>}
          </View>
        ) : (
          <View className="chat__bar">
            <View className="chat__image tap" onClick={sendImage} aria-label="发送图片">
              图片
            </View>
            <Input
              className="chat__input"
              aria-label="输入消息"
              placeholder="请输入您的问题"
              value={text}
              confirmType="send"
              onInput={(e) => setText(e.detail.value)}
              onConfirm={sendText}
            />
            <Button type="primary" className="chat__send" onClick={sendText}>
              发送
            </Button>
          </View>
        )}
      </View>
    </ElderRoot>
  );
}
