/**
 * 报停/复供审批: residents' applications of the supervisor's areas (listSupplyChanges). Approving
 * (approveSupplyChange) files the 关阀/开阀 visit and changes the household's supply and billing at once;
 * rejecting (rejectSupplyChange) needs a reason, which the resident reads on the order. Applications the
 * rules let the system approve (SUPPLY_CHANGE_AUTO_APPROVE) show here as 自动审核.
 */
import type { StaffSupplyChange } from '@portal/types';
import { useState, type ReactNode } from 'react';
import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call } from '../../services/api';
import {
  ApprovalQueue,
  ArrearsTag,
  HouseholdCell,
  appliedAtColumn,
  type Decisions,
  type Pending,
} from '../../shared/ApprovalQueue';
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

const columns = (decide: (c: StaffSupplyChange) => ReactNode): ColumnsType<StaffSupplyChange> => [
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
    render: (_, c) => <HouseholdCell accountNo={c.accountNo} holderName={c.holderName} address={c.address} />,
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
    render: (_, c) => <ArrearsTag count={c.unpaidCount} fen={c.unpaidFen} />,
  },
  appliedAtColumn,
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
        decide(c)
      ) : (
        <Tag>已撤销</Tag>
      ),
  },
];

const decisions: Decisions<StaffSupplyChange> = {
  approveTitle: (c) => `审核通过 ${KIND[c.kind].text} ${c.accountNo}`,
  approveBody: (c) => (
    <Typography.Text>
      {c.kind === 'suspend'
        ? `将派关阀封表上门工单,${
            c.season ? `${c.season} 供暖季按比例收取供热基本费。` : '报停期间不计用量费。'
          }`
        : '将派开阀上门工单,恢复供应,按开阀读数恢复计费。'}
    </Typography.Text>
  ),
  approve: (c) => call('approveSupplyChange', { params: { orderNo: c.orderNo }, body: {} }),
  approved: (c) => `已审核通过 ${c.orderNo},已派${c.kind === 'suspend' ? '关阀' : '开阀'}上门工单`,
  rejectWord: '驳回',
  rejectTitle: (c) => `驳回 ${KIND[c.kind].text} ${c.accountNo}`,
  reject: (c, reason) => call('rejectSupplyChange', { params: { orderNo: c.orderNo }, body: { reason } }),
  rejected: (c) => `已驳回 ${c.orderNo}`,
  reasonPlaceholder: '如:户内安全隐患尚未整改,暂不能复供',
};

export function SupplyChangesPanel() {
  const [pending, setPending] = useState<Pending>('true');
  const list = useApiQuery('listSupplyChanges', { query: { pending } });
  return (
    <ApprovalQueue
      title="报停/复供审批"
      filterLabel="报停/复供筛选"
      emptyText="暂无报停/复供申请"
      pending={pending}
      onPending={setPending}
      list={list}
      columns={columns}
      decisions={decisions}
    />
  );
}
