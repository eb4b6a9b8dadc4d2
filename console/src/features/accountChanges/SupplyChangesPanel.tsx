/**
 * 报停/复供审批: residents' applications of the supervisor's areas (listSupplyChanges). Approving
 * (approveSupplyChange) files the 关阀/开阀 visit and changes the household's supply and billing at once;
 * rejecting (rejectSupplyChange) needs a reason, which the resident reads on the order. Applications the
 * rules let the system approve (SUPPLY_CHANGE_AUTO_APPROVE) show here as 自动审核.
 */
import type { StaffSupplyChange } from '@portal/types';
import { useState } from 'react';
import { Button, Card, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call } from '../../services/api';
import { formatDateTime, formatFen } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';

const KIND = {
  suspend: { text: '报停', color: 'orange' },
  resume: { text: '复供', color: 'green' },
} as const;
const UTILITY = { gas: '燃气', water: '自来水', heating: '供热' } as const;

/** What the application asks for, in one line: the season, or the days, or the reopening reading. */
function asked(c: StaffSupplyChange): string {
  if (c.kind === 'resume') return c.reading !== undefined ? `开阀读数 ${c.reading}` : '复供';
  if (c.season) return `${c.season} 供暖季`;
  return `自 ${c.fromDate ?? ''} 起${c.expectedResumeDate ? `,预计 ${c.expectedResumeDate} 复供` : ''}`;
}

export function SupplyChangesPanel() {
  const [pending, setPending] = useState<'true' | 'false'>('true');
  const list = useApiQuery('listSupplyChanges', { query: { pending } });
  const [busy, run] = useAction();
  const [approving, setApproving] = useState<StaffSupplyChange>();
  const [rejecting, setRejecting] = useState<StaffSupplyChange>();
  const [reason, setReason] = useState('');

  const approve = async () => {
    if (!approving) return;
    const done = await run(
      () => call('approveSupplyChange', { params: { orderNo: approving.orderNo }, body: {} }),
      `已审核通过 ${approving.orderNo},已派${approving.kind === 'suspend' ? '关阀' : '开阀'}上门工单`,
    );
    if (done) {
      setApproving(undefined);
      list.reload();
    }
  };
  const reject = async () => {
    if (!rejecting) return;
    const done = await run(
      () => call('rejectSupplyChange', { params: { orderNo: rejecting.orderNo }, body: { reason } }),
      `已驳回 ${rejecting.orderNo}`,
    );
    if (done) {
      setRejecting(undefined);
      list.reload();
    }
  };

  const columns: ColumnsType<StaffSupplyChange> = [
    {
      title: '业务',
      key: 'kind',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Tag color={KIND[c.kind].color}>{KIND[c.kind].text}</Tag>
          <Typography.Text type="secondary">{UTILITY[c.utility]}</Typography.Text>
        </Space>
      ),
    },
    { title: '工单号', dataIndex: 'orderNo', key: 'orderNo' },
    {
      title: '户号 / 户主',
      key: 'account',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <span>{c.accountNo}</span>
          <Typography.Text type="secondary">
            {c.holderName} · {c.address}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '申请内容',
      key: 'asked',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <span>{asked(c)}</span>
          {c.reason && <Typography.Text type="secondary">{c.reason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '欠费',
      key: 'arrears',
      render: (_, c) =>
        c.unpaidCount ? (
          <Tag color="red">
            {c.unpaidCount} 笔 {formatFen(c.unpaidFen)}
          </Tag>
        ) : (
          <Tag color="green">无欠费</Tag>
        ),
    },
    { title: '申请时间', dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
    {
      title: '审核 / 上门工单',
      key: 'actions',
      render: (_, c) =>
        c.rejectedReason ? (
          <Space direction="vertical" size={0}>
            <Tag color="red">已驳回</Tag>
            <Typography.Text type="secondary">{c.rejectedReason}</Typography.Text>
          </Space>
        ) : c.effects.decidedAt ? (
          <Space direction="vertical" size={0}>
            <Tag color={c.effects.completedAt ? 'green' : 'gold'}>
              {c.effects.completedAt ? '已办结' : '办理中'}
              {c.decidedBy ? ` · ${c.decidedBy}` : ''}
            </Tag>
            {c.valveOrderNo && <Typography.Text type="secondary">{c.valveOrderNo}</Typography.Text>}
          </Space>
        ) : c.orderState === 'open' ? (
          <Space>
            <Button type="primary" size="small" onClick={() => setApproving(c)}>
              审核通过
            </Button>
            <Button danger size="small" onClick={() => (setReason(''), setRejecting(c))}>
              驳回
            </Button>
          </Space>
        ) : (
          <Tag>已撤销</Tag>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>报停/复供审批</Typography.Title>
      <Card>
        <Space wrap>
          <Radio.Group
            value={pending}
            onChange={(e) => setPending(e.target.value)}
            aria-label="报停/复供筛选"
          >
            <Radio.Button value="true">待审核</Radio.Button>
            <Radio.Button value="false">全部</Radio.Button>
          </Radio.Group>
          <Button onClick={list.reload}>刷新</Button>
        </Space>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          rowKey="orderNo"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: '暂无报停/复供申请' }}
          pagination={false}
        />
      )}
      <Modal
        title={approving ? `审核通过 ${KIND[approving.kind].text} ${approving.accountNo}` : '审核'}
        open={Boolean(approving)}
        okText="审核通过"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={approve}
        onCancel={() => setApproving(undefined)}
        destroyOnClose
      >
        {approving && (
          <Typography.Text>
            {approving.kind === 'suspend'
              ? `将派关阀封表上门工单,${
                  approving.season
                    ? `${approving.season} 供暖季按比例收取供热基本费。`
                    : '报停期间不计用量费。'
                }`
              : '将派开阀上门工单,恢复供应,按开阀读数恢复计费。'}
          </Typography.Text>
        )}
      </Modal>
      <Modal
        title={rejecting ? `驳回 ${KIND[rejecting.kind].text} ${rejecting.accountNo}` : '驳回'}
        open={Boolean(rejecting)}
        okText="驳回"
        cancelText="取消"
        okButtonProps={{ loading: busy, danger: true, disabled: !reason.trim() }}
        onOk={reject}
        onCancel={() => setRejecting(undefined)}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>驳回原因(居民可见)</span>
          <Input.TextArea
            aria-label="驳回原因"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </Space>
      </Modal>
    </Space>
  );
}
