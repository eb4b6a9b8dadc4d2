/**
 * 回访任务: the calls to make (listFollowUps) — each with its order, the resident's own rating and the
 * conversation about the order (an excerpt, and the whole transcript on demand: listChatMessages). The
 * agent records the call (completeFollowUp): reached with the resident's 1–5 score, not reached, or
 * refused. A low score reopens the order; the list says so.
 */
import type { FollowUpTask } from '@portal/types';
import { useState } from 'react';
import {
  Button,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Rate,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { label, ORDER_TYPE_LABELS } from '../../shared/labels';
import { ErrorState } from '../../shared/QueryState';
import { CappedList } from '../../shared/CappedList';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';

const REASONS: Record<FollowUpTask['reason'], { color: string; text: string }> = {
  lowRating: { color: 'red', text: '差评回访' },
  sample: { color: 'blue', text: '抽样回访' },
  complaint: { color: 'orange', text: '投诉回访' },
};
const OUTCOMES: Record<NonNullable<FollowUpTask['outcome']>, string> = {
  reached: '已接通',
  notReached: '未接通',
  refused: '拒绝回访',
};
const FROM: Record<string, string> = { resident: '居民', agent: '客服', system: '系统' };

type CallForm = { outcome: NonNullable<FollowUpTask['outcome']>; score?: number; result?: string };

function Transcript({ sessionId }: { sessionId: string }) {
  const page = useApiQuery('listChatMessages', { params: { sessionId }, query: {} });
  if (page.error) return <ErrorState error={page.error} onRetry={page.reload} />;
  return (
    <List
      loading={page.loading}
      dataSource={page.data?.items ?? []}
      renderItem={(m) => (
        <List.Item>
          <Typography.Text type="secondary">{label(FROM, m.from)}</Typography.Text>{' '}
          {m.text ?? m.card?.title ?? '[图片]'}
        </List.Item>
      )}
    />
  );
}

export function FollowUpsPage() {
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const list = useApiQuery('listFollowUps', { query: { status } });
  const [busy, run] = useAction();
  const [calling, setCalling] = useState<FollowUpTask>();
  const [transcript, setTranscript] = useState<string>();
  const [form] = Form.useForm<CallForm>();
  const outcome = Form.useWatch('outcome', form);

  const save = async (v: CallForm) => {
    if (!calling) return;
    const done = await run(
      () =>
        call('completeFollowUp', {
          params: { id: calling.id },
          body: {
            outcome: v.outcome,
            ...(v.outcome === 'reached' ? { score: v.score } : {}),
            ...(v.result ? { result: v.result } : {}),
          },
        }),
      '回访已记录',
    );
    if (!done) return;
    if (done.reopened)
      Modal.info({ title: '工单已重新打开', content: `${done.orderNo} 回访评分偏低,已重新派单处理` });
    setCalling(undefined);
    form.resetFields();
    list.reload();
  };

  const columns: ColumnsType<FollowUpTask> = [
    {
      title: '工单',
      dataIndex: 'orderNo',
      render: (no: string, t) => (
        <Space direction="vertical" size={0}>
          <Link to={`/work-orders/${no}`}>{no}</Link>
          <Typography.Text type="secondary">
            {label(ORDER_TYPE_LABELS, t.orderType)} · {t.areaCode} · 户号 {t.accountNo}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '原因',
      dataIndex: 'reason',
      render: (r: FollowUpTask['reason']) => <Tag color={REASONS[r].color}>{REASONS[r].text}</Tag>,
    },
    {
      title: '居民评价',
      dataIndex: 'rating',
      render: (r: FollowUpTask['rating']) =>
        r ? (
          <Space direction="vertical" size={0}>
            <Rate disabled value={r.score} style={{ fontSize: 14 }} />
            {r.tags.length > 0 && <span>{r.tags.join('、')}</span>}
            {r.comment && <Typography.Text type="secondary">{r.comment}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">未评价</Typography.Text>
        ),
    },
    {
      title: '沟通记录',
      dataIndex: 'conversation',
      render: (c: FollowUpTask['conversation']) =>
        c ? (
          <Space direction="vertical" size={0}>
            {c.excerpt.map((m, i) => (
              <Typography.Text key={i} ellipsis style={{ maxWidth: 260 }}>
                {label(FROM, m.from)}:{m.text}
              </Typography.Text>
            ))}
            <Button type="link" size="small" onClick={() => setTranscript(c.sessionId)}>
              查看完整对话
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">无在线沟通</Typography.Text>
        ),
    },
    { title: '生成时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    status === 'open'
      ? {
          title: '操作',
          key: 'op',
          render: (_: unknown, t) => (
            <Button type="primary" onClick={() => setCalling(t)}>
              记录回访
            </Button>
          ),
        }
      : {
          title: '回访结果',
          key: 'result',
          render: (_: unknown, t) => (
            <Space direction="vertical" size={0}>
              <span>
                {t.outcome ? OUTCOMES[t.outcome] : '-'}
                {t.followUpScore !== null && ` · ${t.followUpScore} 分`}
              </span>
              {t.reopened && <Tag color="red">已重开工单</Tag>}
              {t.result && <Typography.Text type="secondary">{t.result}</Typography.Text>}
            </Space>
          ),
        },
  ];

  return (
    <>
      <Typography.Title level={4}>回访任务</Typography.Title>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'done')}
        options={[
          { value: 'open', label: '待回访' },
          { value: 'done', label: '已回访' },
        ]}
        style={{ marginBottom: 16 }}
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <CappedList
          more={list.data?.more}
          text={
            status === 'open'
              ? '只列出最新的 200 条待回访任务，另有更早的未列出：回访后依次列出。'
              : '只列出最新的 200 条已回访记录。'
          }
        >
          <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} />
        </CappedList>
      )}
      <Modal
        open={Boolean(calling)}
        title={`记录回访 ${calling?.orderNo ?? ''}`}
        okText="保存"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setCalling(undefined)}
        destroyOnClose
      >
        <Form form={form} layout="vertical" onFinish={save} initialValues={{ outcome: 'reached' }}>
          <Form.Item name="outcome" label="回访结果" rules={[{ required: true }]}>
            <Radio.Group>
              {Object.entries(OUTCOMES).map(([k, v]) => (
                <Radio key={k} value={k}>
                  {v}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {outcome === 'reached' && (
            <Form.Item name="score" label="居民评分" rules={[{ required: true, message: '请填写评分' }]}>
              <Rate aria-label="居民评分" />
            </Form.Item>
          )}
          <Form.Item name="result" label="回访记录">
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={Boolean(transcript)}
        title="完整对话"
        footer={null}
        onCancel={() => setTranscript(undefined)}
      >
        {transcript && <Transcript sessionId={transcript} />}
      </Modal>
    </>
  );
}
