/** 消息模板: WeChat subscribe/template message templates and their field mapping (listMessageTemplates, updateMessageTemplate). */
import { useState } from 'react';
import { Tag, Typography } from 'antd';
import { call } from '../../services/api';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';
import { EditModal } from './JsonEditModal';

type Template = { id: string; key?: string; name?: string; channel?: string; templateId?: string; content?: string; enabled?: boolean };

export function TemplatesPage() {
  const [editing, setEditing] = useState<Template>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  return (
    <>
      <Typography.Title level={4}>消息模板</Typography.Title>
      <PagedTable<Template>
        operationId="listMessageTemplates"
        rowKey="id"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '用途', dataIndex: 'key' },
          { title: '名称', dataIndex: 'name' },
          { title: '渠道', dataIndex: 'channel' },
          { title: '模板ID', dataIndex: 'templateId' },
          { title: '启用', render: (_, t) => (t.enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>) },
        ]}
        exportName="消息模板"
        exportColumns={[
          { title: '用途', value: (t) => t.key },
          { title: '名称', value: (t) => t.name },
          { title: '渠道', value: (t) => t.channel },
          { title: '模板ID', value: (t) => t.templateId },
        ]}
      />
      <EditModal
        title="编辑模板"
        record={editing}
        busy={busy}
        fields={[
          { name: 'name', label: '名称', required: true },
          { name: 'templateId', label: '微信模板ID', required: true },
          { name: 'content', label: '内容/字段映射', kind: 'textarea' },
          { name: 'enabled', label: '启用', kind: 'bool' },
        ]}
        onCancel={() => setEditing(undefined)}
        onSave={async (v) => {
          const ok = await run(() => call('updateMessageTemplate', { params: { templateId: editing!.id, id: editing!.id }, body: v }), '已保存');
          if (ok !== undefined) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
      />
    </>
  );
}
