/**
 * 消息模板: per event, the mini-program subscribe template id and the official-account template id,
 * where each comes from (built in, config, set here) and the field mapping read-only, shown on a sample
 * message (listMessageTemplates). Admins set the ids (updateMessageTemplate); a cleared id goes back
 * to the configured one.
 */
import { useState } from 'react';
import { Descriptions, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import type { MessageTemplate } from '@portal/types';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';

type Channel = MessageTemplate['subscribe'];
const SOURCE: Record<Channel['source'], { label: string; color?: string }> = {
  default: { label: '内置' },
  config: { label: '配置', color: 'blue' },
  console: { label: '后台设置', color: 'green' },
};
const idCell = (c: Channel) => (
  <>
    <Typography.Text code>{c.templateId}</Typography.Text> <Tag color={SOURCE[c.source].color}>{SOURCE[c.source].label}</Tag>
  </>
);
const fieldsText = (c: Channel) => c.fields.map((f) => `${f.key}=${f.example}`).join(';');

function FieldTable({ title, channel }: { title: string; channel: Channel }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      title={() => title}
      dataSource={channel.fields}
      columns={[
        { title: '字段', dataIndex: 'key', width: 180 },
        { title: '示例内容', dataIndex: 'example' },
      ]}
    />
  );
}

type EditValues = { subscribeTemplateId?: string; officialTemplateId?: string };

export function TemplatesPage() {
  const [editing, setEditing] = useState<MessageTemplate>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  const [form] = Form.useForm<EditValues>();

  const open = (t: MessageTemplate) => {
    form.setFieldsValue({
      subscribeTemplateId: t.subscribe.source === 'console' ? t.subscribe.templateId : '',
      officialTemplateId: t.official.source === 'console' ? t.official.templateId : '',
    });
    setEditing(t);
  };
  const save = async () => {
    const v = await form.validateFields();
    const id = (s?: string) => (s && s.trim() ? s.trim() : null);
    const ok = await run(
      () =>
        call('updateMessageTemplate', {
          params: { event: editing!.event },
          body: { subscribeTemplateId: id(v.subscribeTemplateId), officialTemplateId: id(v.officialTemplateId) },
        }),
      '已保存',
    );
    if (ok !== undefined) {
      setEditing(undefined);
      setRefreshKey((k) => k + 1);
    }
  };
  const idRule = { pattern: /^[A-Za-z0-9_-]{1,128}$/, message: '模板ID只含字母、数字、- 和 _' };

  return (
    <>
      <Typography.Title level={4}>消息模板</Typography.Title>
      <PagedTable
        operationId="listMessageTemplates"
        rowKey="event"
        refreshKey={refreshKey}
        onRowClick={open}
        columns={[
          { title: '用途', dataIndex: 'title' },
          { title: '事件', dataIndex: 'event' },
          { title: '小程序订阅消息', render: (_, t) => idCell(t.subscribe) },
          { title: '公众号模板消息', render: (_, t) => idCell(t.official) },
          { title: '修改', render: (_, t) => (t.updatedAt ? `${t.updatedBy ?? ''} ${formatDateTime(t.updatedAt)}` : '—') },
        ]}
        exportName="消息模板"
        exportColumns={[
          { title: '用途', value: (t) => t.title },
          { title: '事件', value: (t) => t.event },
          { title: '订阅消息模板ID', value: (t) => t.subscribe.templateId },
          { title: '订阅消息字段', value: (t) => fieldsText(t.subscribe) },
          { title: '模板消息ID', value: (t) => t.official.templateId },
          { title: '模板消息字段', value: (t) => fieldsText(t.official) },
        ]}
      />
      <Modal
        title={editing ? `编辑模板:${editing.title}` : ''}
        open={Boolean(editing)}
        width={720}
        confirmLoading={busy}
        onCancel={() => setEditing(undefined)}
        onOk={save}
        forceRender
      >
        <Form form={form} layout="vertical">
          {editing && (
            <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="事件">{editing.event}</Descriptions.Item>
              <Descriptions.Item label="读取的数据">{editing.dataKeys.join('、')}</Descriptions.Item>
            </Descriptions>
          )}
          <Form.Item name="subscribeTemplateId" label="小程序订阅消息模板ID(留空使用配置值)" rules={[idRule]}>
            <Input placeholder={editing?.subscribe.templateId} allowClear />
          </Form.Item>
          <Form.Item name="officialTemplateId" label="公众号模板消息ID(留空使用配置值)" rules={[idRule]}>
            <Input placeholder={editing?.official.templateId} allowClear />
          </Form.Item>
        </Form>
        {editing && (
          <>
            <FieldTable title="订阅消息字段映射(只读)" channel={editing.subscribe} />
            <div style={{ height: 12 }} />
            <FieldTable title="模板消息字段映射(只读)" channel={editing.official} />
          </>
        )}
      </Modal>
    </>
  );
}
