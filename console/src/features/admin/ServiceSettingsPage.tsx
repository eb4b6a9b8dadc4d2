/**
 * 服务设置: the service hotline, the online chat's service hours, the 人工费率 and the agents' quick replies,
 * in one place. Residents' apps read the hotline and hours at run time (getPublicSettings), the server's
 * emergency answer and out-of-hours reply use them; 工单成本 counts recorded hours at the 人工费率 (fen per
 * hour, entered here in 元); every change is in the audit log.
 * (getPortalSettings, updatePortalSettings, listQuickReplies, createQuickReply, updateQuickReply, deleteQuickReply)
 */
import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import type { PortalSettings, QuickReply } from '@portal/types';
import { call } from '../../services/api';
import { QueryState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery, type QueryResult } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';

type HoursForm = { hotline: string; from: string; to: string };
type RateForm = { rateYuan: number };
type ReplyForm = { title: string; text: string; tags?: string; order?: number };

/** One read of the settings for both cards: each saves the whole document, so each must see the other's save. */
type Settings = QueryResult<PortalSettings>;

function HotlineAndHours({ settings }: { settings: Settings }) {
  const [form] = Form.useForm<HoursForm>();
  const [busy, run] = useAction();
  useEffect(() => {
    if (!settings.data) return;
    const [from, to] = settings.data.chatServiceHours.split('-');
    form.setFieldsValue({ hotline: settings.data.hotline, from, to });
  }, [settings.data, form]);
  const save = async (v: HoursForm) => {
    const body = { hotline: v.hotline.trim(), chatServiceHours: `${v.from}-${v.to}` };
    if (await run(() => call('updatePortalSettings', { body }), '已保存,居民端即时生效')) settings.reload();
  };
  const time = [{ required: true, pattern: /^\d{2}:\d{2}$/, message: '格式如 08:00' }];
  return (
    <Card title="服务热线与在线客服时间" style={{ marginBottom: 16 }}>
      <QueryState loading={settings.loading} error={settings.error} onRetry={settings.reload}>
        <Form form={form} layout="inline" onFinish={save} aria-label="服务热线与在线客服时间">
          <Form.Item name="hotline" label="服务热线" rules={[{ required: true, message: '请填写服务热线' }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="from" label="在线客服 从" rules={time}>
            <Input style={{ width: 90 }} placeholder="08:00" />
          </Form.Item>
          <Form.Item name="to" label="到" rules={time}>
            <Input style={{ width: 90 }} placeholder="20:00" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {settings.data?.source === 'saved'
            ? `最近由 ${settings.data.updatedBy} 于 ${formatDateTime(settings.data.updatedAt)} 修改`
            : '尚未修改,正在使用部署配置中的默认值'}
          。“00:00-24:00”表示全天在线。
        </Typography.Paragraph>
      </QueryState>
    </Card>
  );
}

/** 人工费率: saved with the current hotline and hours (one settings document, one audited save). */
function LabourRate({ settings }: { settings: Settings }) {
  const [form] = Form.useForm<RateForm>();
  const [busy, run] = useAction();
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ rateYuan: settings.data.labourRateFen / 100 });
  }, [settings.data, form]);
  const save = async ({ rateYuan }: RateForm) => {
    if (!settings.data) return;
    const { hotline, chatServiceHours } = settings.data;
    const body = { hotline, chatServiceHours, labourRateFen: Math.round(rateYuan * 100) };
    if (await run(() => call('updatePortalSettings', { body }), '已保存人工费率')) settings.reload();
  };
  return (
    <Card title="人工费率" style={{ marginBottom: 16 }}>
      <QueryState loading={settings.loading} error={settings.error} onRetry={settings.reload}>
        <Form form={form} layout="inline" onFinish={save} aria-label="人工费率">
          <Form.Item name="rateYuan" label="每工时" rules={[{ required: true, message: '请填写人工费率' }]}>
            <InputNumber min={0} max={10000} precision={2} addonAfter="元/小时" style={{ width: 180 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          工单成本 = 用料成本 + 登记工时 × 人工费率,见“工单成本”报表。
        </Typography.Paragraph>
      </QueryState>
    </Card>
  );
}

function QuickReplies() {
  const replies = useApiQuery('listQuickReplies');
  const [editing, setEditing] = useState<QuickReply | 'new'>();
  const [form] = Form.useForm<ReplyForm>();
  const [busy, run] = useAction();
  const open = (r: QuickReply | 'new') => {
    setEditing(r);
    form.setFieldsValue(
      r === 'new' ? { title: '', text: '', tags: '', order: 0 } : { ...r, tags: r.tags.join(',') },
    );
  };
  const save = async (v: ReplyForm) => {
    const body = {
      title: v.title,
      text: v.text,
      order: v.order ?? 0,
      tags: (v.tags ?? '')
        .split(/[,,]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
    const ok = await run(
      () =>
        editing === 'new' || !editing
          ? call('createQuickReply', { body })
          : call('updateQuickReply', { params: { quickReplyId: editing.id }, body }),
      '已保存',
    );
    if (ok) {
      setEditing(undefined);
      replies.reload();
    }
  };
  const remove = async (r: QuickReply) => {
    await run(() => call('deleteQuickReply', { params: { quickReplyId: r.id } }), '已删除');
    replies.reload();
  };
  return (
    <Card title="快捷回复" extra={<Button onClick={() => open('new')}>新增快捷回复</Button>}>
      <QueryState loading={replies.loading} error={replies.error} onRetry={replies.reload}>
        <Table<QuickReply>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={replies.data?.items ?? []}
          columns={[
            { title: '排序', dataIndex: 'order', width: 70 },
            { title: '标题', dataIndex: 'title' },
            { title: '内容', dataIndex: 'text' },
            { title: '标签', render: (_, r) => r.tags.join('、') },
            {
              title: '操作',
              width: 140,
              render: (_, r) => (
                <Space>
                  <Button type="link" onClick={() => open(r)}>
                    编辑
                  </Button>
                  <Popconfirm title="删除这条快捷回复?" onConfirm={() => remove(r)}>
                    <Button type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
      <Modal
        title={editing === 'new' ? '新增快捷回复' : '编辑快捷回复'}
        open={Boolean(editing)}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEditing(undefined)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="title" label="标题" rules={[{ required: true, max: 40 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="text" label="内容" rules={[{ required: true, max: 1000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item name="tags" label="标签(逗号分隔)">
            <Input />
          </Form.Item>
          <Form.Item name="order" label="排序">
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function ServiceSettingsPage() {
  const settings = useApiQuery('getPortalSettings');
  return (
    <>
      <Typography.Title level={4}>服务设置</Typography.Title>
      <HotlineAndHours settings={settings} />
      <LabourRate settings={settings} />
      <QuickReplies />
    </>
  );
}
