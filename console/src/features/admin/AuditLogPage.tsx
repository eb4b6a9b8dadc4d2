/** 审计日志: who did what to which record, searchable by person, action and time (listAuditLog). */
import { DatePicker, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { PagedTable } from '../../shared/PagedTable';
import { formatDateTime, pickerDayEnd, pickerDayStart } from '../../shared/format';

import type { AuditEntry } from '@portal/types';

const ACTOR_KIND: Record<AuditEntry['actor']['kind'], string> = {
  staff: '员工',
  resident: '居民',
  system: '系统',
};
const actorName = (a: AuditEntry['actor']) => `${a.name ?? a.id}(${ACTOR_KIND[a.kind]})`;
const target = (e: AuditEntry) => `${e.target.kind}:${e.target.id}`;

export function AuditLogPage() {
  return (
    <>
      <Typography.Title level={4}>审计日志</Typography.Title>
      <PagedTable
        operationId="listAuditLog"
        rowKey="id"
        filters={
          <>
            <Form.Item name="actorId">
              <Input placeholder="操作人ID" allowClear />
            </Form.Item>
            <Form.Item name="action">
              <Input placeholder="操作(如 staff.login)" allowClear />
            </Form.Item>
            <Form.Item name="targetId">
              <Input placeholder="对象(户号/工单号)" allowClear />
            </Form.Item>
            <Form.Item
              name="range"
              getValueFromEvent={(v: [Dayjs, Dayjs] | null) => v}
              normalize={(v: [Dayjs, Dayjs] | null) => v ?? undefined}
            >
              <DatePicker.RangePicker />
            </Form.Item>
          </>
        }
        transformFilters={(f) => {
          const { range, ...rest } = f as { range?: [Dayjs, Dayjs] } & Record<string, string>;
          return {
            ...rest,
            from: range?.[0] && pickerDayStart(range[0]),
            to: range?.[1] && pickerDayEnd(range[1]),
          };
        }}
        columns={[
          { title: '时间', render: (_, e) => formatDateTime(e.at, 'YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', render: (_, e) => actorName(e.actor) },
          { title: '操作', dataIndex: 'action' },
          { title: '对象', render: (_, e) => target(e) },
          { title: '结果', dataIndex: 'outcome' },
        ]}
        exportName="审计日志"
        exportColumns={[
          { title: '时间', value: (e) => formatDateTime(e.at, 'YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', value: (e) => actorName(e.actor) },
          { title: '操作', value: (e) => e.action },
          { title: '对象', value: target },
          { title: '结果', value: (e) => e.outcome },
        ]}
      />
    </>
  );
}
