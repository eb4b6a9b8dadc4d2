/**
 * 过户/销户审批: residents' applications of the supervisor's areas (listAccountChanges), each with its
 * documents, the new holder, the readings and what the household owes now. Approving (approveAccountChange)
 * takes effect at once: the final bill, the new holder or the closure, old bindings and 一户一码 void, the
 * order done. While bills are unpaid, approval needs the new holder to carry them (过户 only).
 * Below it, the 报停/复供 queue (SupplyChangesPanel).
 */
import type { StaffAccountChange } from '@portal/types';
import { useState } from 'react';
import { Button, Card, Image, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
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
} as const;

export function AccountChangesPage() {
  const [pending, setPending] = useState<'true' | 'false'>('true');
  const list = useApiQuery('listAccountChanges', { query: { pending } });
  const [busy, run] = useAction();
  const [approving, setApproving] = useState<StaffAccountChange>();
  const [arrears, setArrears] = useState<'settled' | 'carried'>('settled');

  const approve = async () => {
    if (!approving) return;
    const done = await run(
      () => call('approveAccountChange', { params: { orderNo: approving.orderNo }, body: { arrears } }),
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
          <span>{c.accountNo}</span>
          <Typography.Text type="secondary">
            {c.holderName} · {c.address}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '新户主 / 原因',
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
      render: (_, c) => (
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
      title: '操作',
      key: 'actions',
      render: (_, c) =>
        c.effects.decidedAt ? (
          <Tag color={c.effects.completedAt ? 'green' : 'gold'}>
            {c.effects.completedAt ? '已办结' : '办理中'}
          </Tag>
        ) : c.orderState === 'open' ? (
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
        ) : (
          <Tag>已撤销</Tag>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>过户/销户审批</Typography.Title>
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
        {approving && (
          <Space direction="vertical">
            <Typography.Text>
              将出具结算账单(读数 {approving.lastReading} → {approving.reading})
              {approving.kind === 'transfer'
                ? `,户主变更为 ${approving.newHolder?.name ?? ''},原绑定与缴费码作废。`
                : ',并关闭户号,原绑定与缴费码作废。'}
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
      <SupplyChangesPanel />
    </Space>
  );
}
