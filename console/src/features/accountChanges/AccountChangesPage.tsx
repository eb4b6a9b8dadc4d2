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
import { useState } from 'react';
import { Button, Card, Image, Input, Modal, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call } from '../../services/api';
import { formatDateTime, formatFen } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { SupplyChangesPanel } from './SupplyChangesPanel';

const KIND = {
  transfer: { text: '过户', color: 'blue' },
  close: { text: '销户', color: 'volcano' },
  open: { text: '开户', color: 'green' },
} as const;

export function AccountChangesPage() {
  const [pending, setPending] = useState<'true' | 'false'>('true');
  const list = useApiQuery('listAccountChanges', { query: { pending } });
  const [busy, run] = useAction();
  const [approving, setApproving] = useState<StaffAccountChange>();
  const [arrears, setArrears] = useState<'settled' | 'carried'>('settled');
  const [rejecting, setRejecting] = useState<StaffAccountChange>();
  const [reason, setReason] = useState('');

  const reject = async () => {
    if (!rejecting) return;
    const done = await run(
      () =>
        call('rejectAccountChange', {
          params: { orderNo: rejecting.orderNo },
          body: { reason: reason.trim() },
        }),
      `已退回 ${rejecting.orderNo},居民将看到不通过原因`,
    );
    if (done) {
      setRejecting(undefined);
      setReason('');
      list.reload();
    }
  };

  const approve = async () => {
    if (!approving) return;
    const done = await run(
      () =>
        call('approveAccountChange', {
          params: { orderNo: approving.orderNo },
          body: approving.kind === 'open' ? {} : { arrears },
        }),
      `已审核通过 ${approving.orderNo},已办结`,
    );
    if (done) {
      setApproving(undefined);
      list.reload();
    }
  };

  const columns: ColumnsType<StaffAccountChange> = [
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
        <Space direction="vertical" size={0}>
          <span>{c.kind === 'open' ? `${c.accountNo}(预分配)` : c.accountNo}</span>
          <Typography.Text type="secondary">
            {c.holderName} · {c.address}
          </Typography.Text>
        </Space>
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
      render: (_, c) =>
        c.kind === 'open' ? null : c.unpaidCount ? (
          <Tag color="red">
            {c.unpaidCount} 笔 {formatFen(c.unpaidFen)}
          </Tag>
        ) : (
          <Tag color="green">无欠费</Tag>
        ),
    },
    { title: '申请时间', dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
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
          <Space>
            <Button
              type="primary"
              size="small"
              onClick={() => (
                setArrears(c.unpaidCount && c.kind === 'transfer' ? 'carried' : 'settled'),
                setApproving(c)
              )}
            >
              审核通过
            </Button>
            <Button size="small" danger onClick={() => (setReason(''), setRejecting(c))}>
              不通过
            </Button>
          </Space>
        ) : (
          <Tag>已撤销</Tag>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>开户/过户/销户审批</Typography.Title>
      <Card>
        <Space wrap>
          <Radio.Group value={pending} onChange={(e) => setPending(e.target.value)}>
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
          locale={{ emptyText: '暂无申请' }}
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
        {approving?.kind === 'open' && (
          <Typography.Text>
            将建立户号 {approving.accountNo}(待通气),绑定申请人 {approving.holderName}{' '}
            为户主,并派发点火通气工单。 通气时入户安检合格、点火通气完成后方开始供应。
          </Typography.Text>
        )}
        {approving && approving.kind !== 'open' && (
          <Space direction="vertical">
            <Typography.Text>
              将出具结算账单(读数 {approving.lastReading} → {approving.reading})
              {approving.kind === 'transfer'
                ? `,户主变更为 ${approving.newHolder?.name ?? ''},原绑定与缴费码作废。`
                : ',关闭户号并原路退还余额(重复缴费),原绑定与缴费码作废。'}
            </Typography.Text>
            <span>欠费处理</span>
            <Radio.Group value={arrears} onChange={(e) => setArrears(e.target.value)} aria-label="欠费处理">
              <Radio value="settled">已结清</Radio>
              <Radio value="carried" disabled={approving.kind === 'close'}>
                由新户主承接
              </Radio>
            </Radio.Group>
          </Space>
        )}
      </Modal>
      <Modal
        title={rejecting ? `不通过 ${KIND[rejecting.kind].text}申请 ${rejecting.orderNo}` : '不通过'}
        open={Boolean(rejecting)}
        okText="确认不通过"
        okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
        cancelText="取消"
        onOk={reject}
        onCancel={() => setRejecting(undefined)}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>不通过原因(居民可见)</span>
          <Input.TextArea
            aria-label="不通过原因"
            value={reason}
            maxLength={200}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            placeholder="如:房产证照片不清晰,请重新拍摄上传"
          />
        </Space>
      </Modal>
      <SupplyChangesPanel />
    </Space>
  );
}
