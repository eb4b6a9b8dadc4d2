/**
 * 在线客服工作台: my reception status (getChatAgentStatus), the waiting queue and my conversations
 * (getChatQueue), every past conversation (listChatSessions, opened with getChatSession), the conversation
 * (listChatMessages + live /ws), quick replies (listQuickReplies), bill/order cards, 建工单
 * (createWorkOrderFromChat), transfer and close, with the customer's 360° record beside it.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { SendOutlined } from '@ant-design/icons';
import type { ChatAgentStatus } from '@portal/types';
import { call } from '../../services/api';
import { reportError } from '../../services/notify';
import { describeError } from '../../services/apiError';
import { asPage } from '../../shared/PagedTable';
import { ErrorState } from '../../shared/QueryState';
import { CappedList } from '../../shared/CappedList';
import { useApiQuery } from '../../shared/useApiQuery';
import { useAction } from '../../shared/useAction';
import { formatDateTime } from '../../shared/format';
import { useSession } from '../auth/useSession';
import { CustomerRecord } from '../customers/CustomerRecord';
import { useChatDesk } from './useChatDesk';
import { ChatHistoryPanel } from './ChatHistoryPanel';
import { CreateOrderFromChatModal } from './CreateOrderFromChatModal';
import { mergeMessages, newClientMsgId } from '@portal/types/src/client';
import { DEFAULT_QUICK_REPLIES, type ChatSession } from './types';

const AGENT_STATUS = [
  { value: 'online', label: '在线接待' },
  { value: 'away', label: '暂离' },
  { value: 'offline', label: '离线' },
];

const STATUS_TAG = {
  online: <Badge status="success" text="已连接" />,
  connecting: <Badge status="processing" text="连接中" />,
  offline: <Badge status="error" text="未连接" />,
};

export function ChatDeskPage() {
  const me = useSession();
  const queue = useApiQuery('getChatQueue');
  const agent = useApiQuery('getChatAgentStatus');
  const replies = useApiQuery('listQuickReplies');
  const quickReplies = replies.data?.items.length
    ? replies.data.items.map((r) => r.text)
    : DEFAULT_QUICK_REPLIES;
  const reloadQueue = queue.reload;
  const reloadAgent = agent.reload;
  const reloadLists = useCallback(() => {
    reloadQueue();
    reloadAgent();
  }, [reloadQueue, reloadAgent]);
  const desk = useChatDesk(me?.token, reloadLists);
  const [current, setCurrent] = useState<ChatSession>();
  const [draft, setDraft] = useState('');
  const [creatingOrder, setCreatingOrder] = useState(false);
  // Only the conversation's own agent may write in it; a past or someone else's one is read-only.
  const mine = current?.status !== 'closed' && current?.agentId === me?.staff.id;
  const [busy, run] = useAction();
  const sessionParams = current ? { sessionId: current.id } : undefined;
  // Nothing is fetched (and `sessionParams!` never read) until a conversation is open.
  const history = useApiQuery(current ? 'listChatMessages' : undefined, { params: sessionParams! });
  const messages = useMemo(
    () => mergeMessages(history.data?.items ?? [], current ? (desk.live[current.id] ?? []) : []),
    [history.data, desk.live, current],
  );

  // Read receipt up to the last message on screen (the resident sees 已读; the queue's unread badge clears).
  const lastSeq = messages.at(-1)?.seq;
  const sendFrame = desk.send;
  useEffect(() => {
    if (current && lastSeq && mine) sendFrame({ type: 'read', sessionId: current.id, seq: lastSeq });
  }, [current, lastSeq, sendFrame, mine]);

  const sendText = (text: string) => {
    if (!current || !text.trim()) return;
    if (
      !desk.send({
        type: 'send',
        sessionId: current.id,
        clientMsgId: newClientMsgId(),
        message: { kind: 'text', text },
      })
    ) {
      reportError(new Error('实时连接已断开,正在重连'));
      return;
    }
    setDraft('');
  };
  const sendCard = (type: 'bill' | 'workOrder', ref: string) =>
    current &&
    desk.send({
      type: 'send',
      sessionId: current.id,
      clientMsgId: newClientMsgId(),
      message: { kind: 'card', card: { type, ref } },
    });

  const accept = async (s: ChatSession) => {
    const ok = await run(() => call('pickChatSession', { params: { sessionId: s.id } }), '已接入');
    if (ok !== undefined) {
      setCurrent(ok);
      reloadLists();
    }
  };
  const setAgentStatus = (status: ChatAgentStatus['status']) =>
    run(
      () => call('setChatAgentStatus', { body: { status } }),
      status === 'online' ? '已开始接待' : '接待状态已更新',
    ).then(reloadLists);
  /** Open a conversation as the server has it now (a list row may be stale). */
  const openSession = async (s: ChatSession) => {
    setCurrent(s);
    const fresh = await run(() => call('getChatSession', { params: { sessionId: s.id } }));
    if (fresh) setCurrent((cur) => (cur?.id === fresh.id ? fresh : cur));
  };
  const orderCreated = (orderNo?: string) => {
    setCreatingOrder(false);
    if (orderNo && current) void openSession(current);
  };
  const close = async () => {
    if (!current) return;
    const ok = await run(
      () => call('closeChatSession', { params: { sessionId: current.id }, body: {} }),
      '会话已结束',
    );
    if (ok !== undefined) {
      setCurrent(undefined);
      reloadLists();
    }
  };
  const transfer = async (toStaffId: string) => {
    if (!current) return;
    const ok = await run(
      () => call('transferChatSession', { params: { sessionId: current.id }, body: { toStaffId } }),
      '已转接',
    );
    if (ok !== undefined) {
      setCurrent(undefined);
      reloadLists();
    }
  };

  const sessionList = (items: ChatSession[], onPick: (s: ChatSession) => void, action?: string) =>
    queue.error ? (
      <ErrorState error={queue.error} onRetry={queue.reload} />
    ) : (
      <List
        loading={queue.loading}
        dataSource={items}
        locale={{ emptyText: '暂无会话' }}
        renderItem={(s) => (
          <List.Item
            style={{
              cursor: 'pointer',
              background: current?.id === s.id ? '#e6f4ff' : undefined,
              paddingInline: 8,
            }}
            onClick={() => onPick(s)}
            actions={action ? [<a key="a">{action}</a>] : undefined}
          >
            <List.Item.Meta
              title={
                <Space>
                  {s.accountNo ?? '访客'}
                  {s.lastSeq > s.agentReadSeq && <Badge count={s.lastSeq - s.agentReadSeq} />}
                </Space>
              }
              description={`${s.queuePosition ? `排队第${s.queuePosition}位 ` : ''}${formatDateTime(s.lastMessageAt ?? s.queuedAt, 'HH:mm')}`}
            />
          </List.Item>
        )}
      />
    );

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          在线客服
        </Typography.Title>
        {STATUS_TAG[desk.status]}
        {agent.data && (
          <Space>
            <Select
              size="small"
              style={{ width: 110 }}
              value={agent.data.status}
              options={AGENT_STATUS}
              onChange={setAgentStatus}
              aria-label="接待状态"
            />
            <Typography.Text type="secondary" aria-label="接待量">
              接待中 {agent.data.active} / {agent.data.capacity}
            </Typography.Text>
          </Space>
        )}
        {desk.lastError && <Typography.Text type="danger">{desk.lastError}</Typography.Text>}
      </Space>
      <Row gutter={12}>
        <Col xs={24} lg={6}>
          <Card size="small">
            <Tabs
              items={[
                {
                  key: 'mine',
                  label: `我的会话 (${queue.data?.mine.length ?? 0})`,
                  children: sessionList(queue.data?.mine ?? [], openSession),
                },
                {
                  key: 'queue',
                  label: `排队 (${queue.data?.waiting.length ?? 0}${queue.data?.waitingMore ? '+' : ''})`,
                  children: (
                    <CappedList
                      more={queue.data?.waitingMore}
                      text="只列出等待最久的 200 位居民，其余的在接入后依次列出。"
                    >
                      {sessionList(queue.data?.waiting ?? [], accept, '接入')}
                    </CappedList>
                  ),
                },
                {
                  key: 'history',
                  label: '全部会话',
                  children: <ChatHistoryPanel selectedId={current?.id} onOpen={openSession} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={current ? `与 ${current.accountNo ?? '访客'} 的会话` : '会话'}
            extra={
              current &&
              mine && (
                <Space>
                  <Button size="small" onClick={() => setCreatingOrder(true)}>
                    建工单
                  </Button>
                  <TransferPicker onPick={transfer} exclude={[current.agentId, me?.staff.id]} />
                  <Button danger size="small" onClick={close} loading={busy}>
                    结束
                  </Button>
                </Space>
              )
            }
          >
            {!current ? (
              <Empty description="从左侧选择或接入一个会话" />
            ) : history.error ? (
              <ErrorState error={history.error} onRetry={history.reload} />
            ) : (
              <>
                {current.workOrderNos.length > 0 && (
                  <Space wrap style={{ marginBottom: 8 }} aria-label="关联工单">
                    关联工单
                    {current.workOrderNos.map((no) => (
                      <Tag key={no} color="purple">
                        {no}
                      </Tag>
                    ))}
                  </Space>
                )}
                <div
                  style={{ height: 360, overflowY: 'auto', padding: 8, background: '#fafafa' }}
                  aria-label="消息列表"
                >
                  {messages.map((m, i) => (
                    <div
                      key={m.id ?? i}
                      style={{ textAlign: m.from === 'agent' ? 'right' : 'left', margin: '6px 0' }}
                    >
                      <Tag color={m.from === 'agent' ? 'blue' : m.from === 'system' ? 'default' : 'green'}>
                        {m.kind === 'card'
                          ? `[${m.card?.type === 'bill' ? '账单' : '工单'}] ${m.card?.title ?? m.card?.ref ?? ''}`
                          : m.kind === 'image'
                            ? '[图片]'
                            : m.text}
                      </Tag>
                      <div style={{ fontSize: 11, color: '#999' }}>
                        {formatDateTime(m.createdAt, 'HH:mm:ss')}
                      </div>
                    </div>
                  ))}
                </div>
                {!mine ? (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                    {current.status === 'closed'
                      ? `会话已结束${current.summary ? `,小结:${current.summary}` : ''}${
                          current.rating
                            ? `;客户评价 ${current.rating.score} 星${current.rating.comment ? `「${current.rating.comment}」` : ''}`
                            : ''
                        }`
                      : `由 ${current.agentName ?? '其他客服'} 接待中(只读)`}
                  </Typography.Paragraph>
                ) : (
                  <>
                    <Space wrap style={{ margin: '8px 0' }}>
                      {quickReplies.map((q) => (
                        <Button key={q} size="small" onClick={() => setDraft(q)}>
                          {q.slice(0, 8)}…
                        </Button>
                      ))}
                    </Space>
                    <Space.Compact style={{ width: '100%' }}>
                      <Input.TextArea
                        value={draft}
                        onChange={(e) => setDraft(e.target.value)}
                        autoSize={{ minRows: 2, maxRows: 4 }}
                        placeholder="输入回复,Enter 发送,Shift+Enter 换行"
                        onPressEnter={(e) => {
                          if (!e.shiftKey) {
                            e.preventDefault();
                            sendText(draft);
                          }
                        }}
                      />
                      <Button
                        type="primary"
                        icon={<SendOutlined />}
                        onClick={() => sendText(draft)}
                        aria-label="发送"
                      />
                    </Space.Compact>
                    <Space style={{ marginTop: 8 }}>
                      <Input.Search
                        placeholder="账单号"
                        enterButton="发送账单"
                        size="small"
                        onSearch={(v) => v && sendCard('bill', v)}
                      />
                      <Input.Search
                        placeholder="工单号"
                        enterButton="发送工单"
                        size="small"
                        onSearch={(v) => v && sendCard('workOrder', v)}
                      />
                    </Space>
                  </>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          {current?.accountNo ? (
            <CustomerRecord accountKey={current.accountNo} compact />
          ) : (
            <Card size="small" title="客户档案">
              <Empty description={current ? '该访客尚未绑定户号' : '未选择会话'} />
            </Card>
          )}
        </Col>
      </Row>
      {current && (
        <CreateOrderFromChatModal
          session={current}
          messages={messages}
          open={creatingOrder}
          onClose={orderCreated}
        />
      )}
    </>
  );
}

/**
 * Pick another agent to transfer to (listStaff role=agent): the conversation's own agent and disabled
 * accounts are left out (the server refuses both), and the pick is cleared once handed over.
 */
function TransferPicker({
  onPick,
  exclude,
}: {
  onPick: (staffId: string) => void;
  exclude: Array<string | undefined>;
}) {
  const [open, setOpen] = useState(false);
  const { data, loading, error } = useApiQuery(open ? 'listStaff' : undefined, {
    query: { role: 'agent', pageSize: 100 },
  });
  const options = asPage(data)
    .items.filter((s) => s.active !== false && !exclude.includes(s.id))
    .map((s) => ({ value: s.id, label: s.name ? `${s.name}(${s.username ?? s.id})` : s.id }));
  return (
    <Select
      size="small"
      placeholder="转接给"
      style={{ width: 160 }}
      showSearch
      optionFilterProp="label"
      popupMatchSelectWidth={false}
      notFoundContent={error ? describeError(error) : loading ? '加载中…' : '暂无其他客服'}
      loading={loading}
      value={null}
      onDropdownVisibleChange={setOpen}
      onChange={(v: string | null) => v && onPick(v)}
      options={options}
    />
  );
}
