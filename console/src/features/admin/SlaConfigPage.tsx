/** 时限配置: SLA policies — per order type/category, minutes from one node to another (listSlaPolicies, putSlaPolicy). */
import { useState } from 'react';
import { Typography } from 'antd';
import { call } from '../../services/api';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';
import { formatMinutes } from '../../shared/format';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { EditModal } from './JsonEditModal';

import type { SlaPolicy } from '@portal/types';

type SlaConfig = SlaPolicy;

export function SlaConfigPage() {
  const [editing, setEditing] = useState<SlaConfig>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  return (
    <>
      <Typography.Title level={4}>时限配置</Typography.Title>
      <PagedTable
        operationId="listSlaPolicies"
        rowKey="key"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '名称', dataIndex: 'label' },
          { title: '工单类型', render: (_, c) => label(ORDER_TYPE_LABELS, c.type) },
          { title: '类别', dataIndex: 'category' },
          { title: '起止节点', render: (_, c) => `${c.startNode} → ${c.targetNode}` },
          { title: '时限', render: (_, c) => formatMinutes(c.minutes) },
          { title: '日历', dataIndex: 'calendar' },
          { title: '超时处理', render: (_, c) => (c.onBreach === 'reassign' ? '改派' : '升级') },
          { title: '启用', render: (_, c) => (c.enabled ? '是' : '否') },
        ]}
        exportName="时限配置"
        exportColumns={[
          { title: '编码', value: (c) => c.key },
          { title: '名称', value: (c) => c.label },
          { title: '工单类型', value: (c) => label(ORDER_TYPE_LABELS, c.type) },
          { title: '起始节点', value: (c) => c.startNode },
          { title: '目标节点', value: (c) => c.targetNode },
          { title: '时限(分钟)', value: (c) => c.minutes },
        ]}
      />
      <EditModal
        title="编辑时限"
        record={editing}
        busy={busy}
        fields={[
          { name: 'label', label: '名称', required: true },
          { name: 'minutes', label: '时限(分钟)', kind: 'number', required: true },
          { name: 'enabled', label: '启用', kind: 'bool' },
        ]}
        onCancel={() => setEditing(undefined)}
        onDelete={async () => {
          if (!editing) return;
          const ok = await run(async () => {
            await call('deleteSlaPolicy', { params: { key: editing.key } });
            return true;
          }, '已删除时限');
          if (ok) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
        onSave={async (v) => {
          if (!editing) return;
          const { key, ...policy } = { ...editing, ...v };
          const ok = await run(() => call('putSlaPolicy', { params: { key }, body: policy }), '已保存');
          if (ok !== undefined) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
      />
    </>
  );
}
