/**
 * 开户/过户/销户审批: residents' applications of the supervisor's areas (listAccountChanges), each with its
 * documents, the new holder, the readings and what the household owes now. Approving (approveAccountChange)
 * takes effect at once: the final bill, the new holder or the closure, old bindings and 一户一码 void, the
 * order done, any credit (double payment) refunded on a 销户. While bills are unpaid, approval needs the new
 * holder to carry them (过户 only). Approving a 开户 opens the account under its reserved 户号 (待通气), binds
 * the applicant as holder and files the 点火通气 visit; supply starts when that visit is completed. Any
 * application can be turned down with a reason the resident reads (rejectAccountChange).
 * Below it, the 报停/复供 queue (SupplyChangesPanel).
 */
import type { StaffAccountChange } from '@portal/types';
import { useState, type ReactNode } from 'react';
import { Image, Radio, Space, Tag, Tooltip, Typography } from 'antd';
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
import { formatFen } from '../../shared/format';
import { useApiQuery } from '../../shared/useApiQuery';
import { SupplyChangesPanel } from './SupplyChangesPanel';

const KIND = {
  transfer: { text: '过户', color: 'blue' },
  close: { text: '销户', color: 'volcano' },
  open: { text: '开户', color: 'green' },
} as const;

const columns = (decide: (c: StaffAccountChange) => ReactNode): ColumnsType<StaffAccountChange> => [
  {
    title: '业务',
    key: 'kind',
    render: (_, c) => <Tag color={KIND[c.kind].color}>{KIND[c.kind].text}</Tag>,
  },
  { title: '工单号', dataIndex: 'orderNo', key: 'orderNo' },
  {
    title: '户号 / 户主',
    key: 'account',
    render: (_, c) => (
      <HouseholdCell
        accountNo={c.kind === 'open' ? `${c.accountNo}(预分配)` : c.accountNo}
        holderName={c.holderName}
        address={c.address}
      />
    ),
  },
  {
    title: '(新)户主 / 原因',
    key: 'newHolder',
    render: (_, c) =>
      c.newHolder ? (
        <Space direction="vertical" size={0}>
          <span>{c.newHolder.name}</span>
          <Typography.Text type="secondary">
            {c.newHolder.phoneMasked} · {c.newHolder.idNumberMasked}
          </Typography.Text>
        </Space>
      ) : (
        c.reason
      ),
  },
  {
    title: '读数',
    key: 'reading',
    render: (_, c) =>
      c.kind === 'open' ? (
        <Typography.Text type="secondary">新开户,通气时装表</Typography.Text>
      ) : (
        <Space direction="vertical" size={0}>
          <span>交接 {c.reading}</span>
          <Typography.Text type="secondary">上次 {c.lastReading}</Typography.Text>
        </Space>
      ),
  },
  {
    title: '证件资料',
    key: 'documents',
    render: (_, c) => (
      <Image.PreviewGroup>
        <Space>
          {c.idPhotoUrls.map((u, i) => (
            <Image key={u} width={48} height={48} src={u} alt={`${c.accountNo} 身份证照片 ${i + 1}`} />
          ))}
          {c.propertyProofUrls.map((u, i) => (
            <Image key={u} width={48} height={48} src={u} alt={`${c.accountNo} 房产证或合同 ${i + 1}`} />
          ))}
        </Space>
      </Image.PreviewGroup>
    ),
  },
  {
    title: '欠费',
    key: 'arrears',
    render: (_, c) => (c.kind === 'open' ? null : <ArrearsTag count={c.unpaidCount} fen={c.unpaidFen} />),
  },
  appliedAtColumn,
  {
    title: '操作',
    key: 'actions',
    render: (_, c) =>
      c.effects.decidedAt ? (
        <Space direction="vertical" size={0}>
          <Tag color={c.effects.completedAt ? 'green' : 'gold'}>
            {c.effects.completedAt ? '已办结' : '办理中'}
          </Tag>
          {c.activationOrderNo && (
            <Typography.Text type="secondary">
              通气工单 {c.activationOrderNo}
              {c.effects.supplyStartedAt ? ' · 已供应' : ' · 待通气'}
            </Typography.Text>
          )}
          {c.creditRefundedFen ? (
            <Typography.Text type="secondary">已退余额 {formatFen(c.creditRefundedFen)}</Typography.Text>
          ) : null}
        </Space>
      ) : c.rejectionReason ? (
        <Tooltip title={c.rejectionReason}>
          <Tag color="red">未通过</Tag>
        </Tooltip>
      ) : c.orderState === 'open' ? (
        decide(c)
      ) : (
        <Tag>已撤销</Tag>
      ),
  },
];

export function AccountChangesPage() {
  const [pending, setPending] = useState<Pending>('true');
  const list = useApiQuery('listAccountChanges', { query: { pending } });
  const [arrears, setArrears] = useState<'settled' | 'carried'>('settled');

  const decisions: Decisions<StaffAccountChange> = {
    approveTitle: (c) => `审核通过 ${KIND[c.kind].text} ${c.accountNo}`,
    approveBody: (c) =>
      c.kind === 'open' ? (
        <Typography.Text>
          将建立户号 {c.accountNo}(待通气),绑定申请人 {c.holderName} 为户主,并派发点火通气工单。
          通气时入户安检合格、点火通气完成后方开始供应。
        </Typography.Text>
      ) : (
        <Space direction="vertical">
          <Typography.Text>
            将出具结算账单(读数 {c.lastReading} → {c.reading})
            {c.kind === 'transfer'
              ? `,户主变更为 ${c.newHolder?.name ?? ''},原绑定与缴费码作废。`
              : ',关闭户号并原路退还余额(重复缴费),原绑定与缴费码作废。'}
          </Typography.Text>
          <span>欠费处理</span>
          <Radio.Group value={arrears} onChange={(e) => setArrears(e.target.value)} aria-label="欠费处理">
            <Radio value="settled">已结清</Radio>
            <Radio value="carried" disabled={c.kind === 'close'}>
              由新户主承接
            </Radio>
          </Radio.Group>
        </Space>
      ),
    // While bills are unpaid, a 过户 is approved with the new holder carrying them unless told otherwise.
    onApproveOpen: (c) => setArrears(c.unpaidCount && c.kind === 'transfer' ? 'carried' : 'settled'),
    approve: (c) =>
      call('approveAccountChange', {
        params: { orderNo: c.orderNo },
        body: c.kind === 'open' ? {} : { arrears },
      }),
    approved: (c) => `已审核通过 ${c.orderNo},已办结`,
    rejectWord: '不通过',
    rejectTitle: (c) => `不通过 ${KIND[c.kind].text}申请 ${c.orderNo}`,
    reject: (c, reason) => call('rejectAccountChange', { params: { orderNo: c.orderNo }, body: { reason } }),
    rejected: (c) => `已退回 ${c.orderNo},居民将看到不通过原因`,
    reasonPlaceholder: '如:房产证照片不清晰,请重新拍摄上传',
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ApprovalQueue
        title="开户/过户/销户审批"
        filterLabel="开户/过户/销户筛选"
        emptyText="暂无申请"
        pending={pending}
        onPending={setPending}
        list={list}
        columns={columns}
        decisions={decisions}
      />
      <SupplyChangesPanel />
    </Space>
  );
}
