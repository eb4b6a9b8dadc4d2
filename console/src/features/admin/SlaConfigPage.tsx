/** 时限配置: per order type and priority, the minutes allowed for each node (listSlaConfigs, updateSlaConfig). */
import { useState } from 'react';
import { Typography } from 'antd';
import { call } from '../../services/api';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';
import { formatMinutes } from '../../shared/format';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { EditModal } from './JsonEditModal';

type SlaConfig = { id: string; orderType?: string; priority?: string; responseMinutes?: number; arriveMinutes?: number; resolveMinutes?: number; escalateTo?: string };

export function SlaConfigPage() {
  const [editing, setEditing] = useState<SlaConfig>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  return (
    <>
      <Typography.Title level={4}>时限配置</Typography.Title>
      <PagedTable<SlaConfig>
        operationId="listSlaConfigs"
        rowKey="id"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '工单类型', render: (_, c) => label(ORDER_TYPE_LABELS, c.orderType) },
          { title: '优先级', dataIndex: 'priority' },
          { title: '响应时限', render: (_, c) => formatMinutes(c.responseMinutes) },
          { title: '到场时限', render: (_, c) => formatMinutes(c.arriveMinutes) },
          { title: '办结时限', render: (_, c) => formatMinutes(c.resolveMinutes) },
          { title: '超时升级至', dataIndex: 'escalateTo' },
        ]}
        exportName="时限配置"
        exportColumns={[
          { title: '工单类型', value: (c) => label(ORDER_TYPE_LABELS, c.orderType) },
          { title: '优先级', value: (c) => c.priority },
          { title: '响应(分钟)', value: (c) => c.responseMinutes },
          { title: '到场(分钟)', value: (c) => c.arriveMinutes },
          { title: '办结(分钟)', value: (c) => c.resolveMinutes },
        ]}
      />
      <EditModal
        title="编辑时限"
        record={editing}
        busy={busy}
        fields={[
          { name: 'responseMinutes', label: '响应时限(分钟)', kind: 'number', required: true },
          { name: 'arriveMinutes', label: '到场时限(分钟)', kind: 'number' },
          { name: 'resolveMinutes', label: '办结时限(分钟)', kind: 'number', required: true },
          { name: 'escalateTo', label: '超时升级至(角色)' },
        ]}
        onCancel={() => setEditing(undefined)}
        onSave={async (v) => {
          const ok = await run(() => call('updateSlaConfig', { params: { slaConfigId: editing!.id, id: editing!.id }, body: v }), '已保存');
          if (ok !== undefined) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
      />
    </>
  );
}
