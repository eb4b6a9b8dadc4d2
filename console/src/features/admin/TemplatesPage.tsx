/**
 * 消息模板: per event, the mini-program subscribe template and the official-account template the
 * utility picked in WeChat, and how the event's data fills each template's keywords. WeChat numbers a
 * template's keywords when it is picked (thing1, amount3...), so the mapping is set here per template;
 * the server checks it against the keywords' types and lengths before saving (listMessageTemplates,
 * listWechatTemplates, updateMessageTemplate).
 */
import { useState } from 'react';
import { Descriptions, Modal, Tabs, Tag, Typography } from 'antd';
import type { MessageTemplate } from '@portal/types';
import { formatDateTime } from '../../shared/format';
import { PagedTable } from '../../shared/PagedTable';
import { useApiQuery } from '../../shared/useApiQuery';
import { TemplateChannelEditor } from './TemplateChannelEditor';

type Channel = MessageTemplate['subscribe'];
const SOURCE: Record<Channel['source'], { label: string; color?: string }> = {
  default: { label: '内置' },
  config: { label: '配置', color: 'blue' },
  console: { label: '后台设置', color: 'green' },
};
const idCell = (c: Channel) => (
  <>
    <Typography.Text code>{c.templateId}</Typography.Text>{' '}
    <Tag color={SOURCE[c.source].color}>{SOURCE[c.source].label}</Tag>
  </>
);
const mappingText = (t: MessageTemplate, c: Channel) => {
  const label = (key: string) => t.dataFields.find((f) => f.key === key)?.label ?? key;
  return c.mapping
    .map((m) => `${m.keyword}=${'text' in m.source ? `“${m.source.text}”` : label(m.source.field)}`)
    .join(';');
};

export function TemplatesPage() {
  const [editing, setEditing] = useState<MessageTemplate>();
  const [refreshKey, setRefreshKey] = useState(0);
  // Asked of WeChat when the editor opens: what staff pick from must be what the accounts have now.
  const wechat = useApiQuery(editing ? 'listWechatTemplates' : undefined);

  const saved = (t: MessageTemplate) => {
    setEditing(t);
    setRefreshKey((k) => k + 1);
  };

  return (
    <>
      <Typography.Title level={4}>消息模板</Typography.Title>
      <Typography.Paragraph type="secondary">
        在微信公众平台为小程序选用订阅消息模板、为公众号选用模板消息模板后,在此为每个事件选择模板并设置各关键词填入的内容。
      </Typography.Paragraph>
      <PagedTable
        operationId="listMessageTemplates"
        rowKey="event"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '用途', dataIndex: 'title' },
          { title: '事件', dataIndex: 'event' },
          { title: '小程序订阅消息', render: (_, t) => idCell(t.subscribe) },
          { title: '公众号模板消息', render: (_, t) => idCell(t.official) },
          {
            title: '修改',
            render: (_, t) => (t.updatedAt ? `${t.updatedBy ?? ''} ${formatDateTime(t.updatedAt)}` : '—'),
          },
        ]}
        exportName="消息模板"
        exportColumns={[
          { title: '用途', value: (t) => t.title },
          { title: '事件', value: (t) => t.event },
          { title: '订阅消息模板ID', value: (t) => t.subscribe.templateId },
          { title: '订阅消息关键词', value: (t) => mappingText(t, t.subscribe) },
          { title: '模板消息ID', value: (t) => t.official.templateId },
          { title: '模板消息关键词', value: (t) => mappingText(t, t.official) },
        ]}
      />
      <Modal
        title={editing ? `编辑模板:${editing.title}` : ''}
        open={Boolean(editing)}
        width={960}
        footer={null}
        onCancel={() => setEditing(undefined)}
        destroyOnHidden
      >
        {editing && (
          <>
            <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="事件">{editing.event}</Descriptions.Item>
              <Descriptions.Item label="可用数据">
                {editing.dataFields.map((f) => f.label).join('、')}
              </Descriptions.Item>
            </Descriptions>
            <Tabs
              items={(['subscribe', 'official'] as const).map((c) => ({
                key: c,
                label: c === 'subscribe' ? '小程序订阅消息' : '公众号模板消息',
                children: (
                  <TemplateChannelEditor
                    event={editing}
                    channel={c}
                    templates={wechat.data?.[c]}
                    onSaved={saved}
                  />
                ),
              }))}
            />
          </>
        )}
      </Modal>
    </>
  );
}
