/**
 * 未遇户回访: households an inspection plan could not reach after its N visits, with what the follow-up
 * call came to (listUnreachableHouseholds, recordUnreachableFollowUp).
 */
import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import type { UnreachableHousehold, UnreachableOutcome } from '@portal/types';
import { call } from '../../services/api';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';
import { validFields } from '../../shared/validFields';
import { formatDateTime } from '../../shared/format';
import { label } from '../../shared/labels';
import { UNREACHABLE_OUTCOME_LABELS } from './labels';

const OUTCOMES = Object.entries(UNREACHABLE_OUTCOME_LABELS).map(([value, l]) => ({ value, label: l }));

function FollowUpModal({ row, onClose }: { row: UnreachableHousehold; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<{ outcome: UnreachableOutcome; note?: string }>();
  const [busy, run] = useAction();
  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const done = await run(
      () =>
        call('recordUnreachableFollowUp', {
          params: { orderNo: row.orderNo },
          body: { outcome: v.outcome, ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
        }),
      '回访结果已登记',
    );
    if (done) onClose(true);
  };
  return (
    <Modal
      open
      title={`回访:${row.address}`}
      okText="登记"
      confirmLoading={busy}
      onOk={save}
      onCancel={() => onClose(false)}
    >
      <Form form={form} layout="vertical" initialValues={row.followUp ?? undefined}>
        <Form.Item name="outcome" label="回访结果" rules={[{ required: true, message: '请选择回访结果' }]}>
          <Select options={OUTCOMES} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UnreachablePage() {
  const [row, setRow] = useState<UnreachableHousehold>();
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <>
      <Typography.Title level={4}>未遇户回访</Typography.Title>
      <PagedTable
        operationId="listUnreachableHouseholds"
        rowKey="orderNo"
        refreshKey={refreshKey}
        emptyText="没有多次上门未遇的住户"
        filters={
          <Form.Item name="handled">
            <Select
              allowClear
              placeholder="回访状态"
              style={{ width: 140 }}
              options={[
                { value: 'false', label: '待回访' },
                { value: 'true', label: '已回访' },
              ]}
            />
          </Form.Item>
        }
        columns={[
          { title: '地址', dataIndex: 'address' },
          { title: '户号', dataIndex: 'accountNo' },
          { title: '片区', dataIndex: 'areaCode' },
          { title: '电话', render: (_, r) => r.contactPhoneMasked ?? '—' },
          { title: '计划', render: (_, r) => (r.planName ? `${r.planName} 第 ${r.cycle} 轮` : '—') },
          { title: '上门次数', dataIndex: 'attempts' },
          { title: '关闭时间', render: (_, r) => formatDateTime(r.closedAt) },
          {
            title: '回访',
            render: (_, r) =>
              r.followUp ? (
                <Tag color="blue">
                  {label(UNREACHABLE_OUTCOME_LABELS, r.followUp.outcome)} · {r.followUp.byName}
                </Tag>
              ) : (
                <Tag color="orange">待回访</Tag>
              ),
          },
          {
            title: '操作',
            render: (_, r) => (
              <Button size="small" onClick={() => setRow(r)}>
                登记回访
              </Button>
            ),
          },
        ]}
        exportName="未遇户回访"
        exportColumns={[
          { title: '地址', value: (r) => r.address },
          { title: '户号', value: (r) => r.accountNo },
          { title: '片区', value: (r) => r.areaCode },
          { title: '上门次数', value: (r) => r.attempts },
          {
            title: '回访结果',
            value: (r) => (r.followUp ? label(UNREACHABLE_OUTCOME_LABELS, r.followUp.outcome) : '待回访'),
          },
        ]}
      />
      {row && (
        <FollowUpModal
          row={row}
          onClose={(saved) => {
            setRow(undefined);
            if (saved) setRefreshKey((k) => k + 1);
          }}
        />
      )}
    </>
  );
}
