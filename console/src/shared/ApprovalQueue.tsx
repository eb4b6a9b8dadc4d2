/**
 * A queue of residents' applications a supervisor decides on (开户/过户/销户, 报停/复供): 待审核 or 全部, the
 * table, and the two decisions. Approving opens a modal that says what will happen before it is confirmed;
 * turning one down needs a reason, which the resident reads on the order.
 */
import { useState, type ReactNode } from 'react';
import { Button, Card, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime, formatFen } from './format';
import type { QueryResult } from './useApiQuery';
import { ErrorState } from './QueryState';
import { CappedList } from './CappedList';
import { useAction } from './useAction';

export type Pending = 'true' | 'false';

/** What the household owes now, as a supervisor weighs an application: 无欠费, or how many bills and how much. */
export function ArrearsTag({ count, fen }: { count: number; fen: number }) {
  return count ? (
    <Tag color="red">
      {count} 笔 {formatFen(fen)}
    </Tag>
  ) : (
    <Tag color="green">无欠费</Tag>
  );
}

/** The household an application is about: its 户号 as shown, with its holder and address below. */
export function HouseholdCell(p: { accountNo: string; holderName: string; address: string }) {
  return (
    <Space direction="vertical" size={0}>
      <span>{p.accountNo}</span>
      <Typography.Text type="secondary">
        {p.holderName} · {p.address}
      </Typography.Text>
    </Space>
  );
}

/** The queues' 申请时间 column. */
export const appliedAtColumn = {
  title: '申请时间',
  dataIndex: 'createdAt',
  key: 'createdAt',
  render: (v: string) => formatDateTime(v),
};

export type Decisions<T> = {
  approveTitle: (c: T) => string;
  /** What approving does to this application, shown in the modal (with any choice it needs). */
  approveBody: (c: T) => ReactNode;
  approve: (c: T) => Promise<unknown>;
  /** The message once approved. */
  approved: (c: T) => string;
  /** The word for turning one down on this queue (不通过, 驳回). */
  rejectWord: string;
  rejectTitle: (c: T) => string;
  reject: (c: T, reason: string) => Promise<unknown>;
  rejected: (c: T) => string;
  reasonPlaceholder?: string;
  /** Called as an application is opened for approval: the page sets its choices' defaults. */
  onApproveOpen?: (c: T) => void;
};

export function ApprovalQueue<T extends { orderNo: string }>(props: {
  title: string;
  /** The filter's accessible name, where a page shows two queues. */
  filterLabel?: string;
  emptyText: string;
  pending: Pending;
  onPending: (p: Pending) => void;
  list: QueryResult<{ items: T[]; more: boolean }>;
  /** The table's columns; `decide(c)` renders the two buttons for an application still open. */
  columns: (decide: (c: T) => ReactNode) => ColumnsType<T>;
  decisions: Decisions<T>;
}) {
  const { list, decisions: d } = props;
  const [busy, run] = useAction();
  const [approving, setApproving] = useState<T>();
  const [rejecting, setRejecting] = useState<T>();
  const [reason, setReason] = useState('');

  const approve = async () => {
    if (!approving) return;
    if (await run(() => d.approve(approving), d.approved(approving))) {
      setApproving(undefined);
      list.reload();
    }
  };
  const reject = async () => {
    if (!rejecting) return;
    if (await run(() => d.reject(rejecting, reason.trim()), d.rejected(rejecting))) {
      setRejecting(undefined);
      setReason('');
      list.reload();
    }
  };
  const decide = (c: T) => (
    <Space>
      <Button type="primary" size="small" onClick={() => (d.onApproveOpen?.(c), setApproving(c))}>
        审核通过
      </Button>
      <Button danger size="small" onClick={() => (setReason(''), setRejecting(c))}>
        {d.rejectWord}
      </Button>
    </Space>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{props.title}</Typography.Title>
      <Card>
        <Space wrap>
          <Radio.Group
            value={props.pending}
            onChange={(e) => props.onPending(e.target.value as Pending)}
            aria-label={props.filterLabel}
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
        <CappedList
          more={list.data?.more}
          text={
            props.pending === 'true'
              ? '只列出最早的 200 条待审核申请，另有更晚的未列出：这些处理后依次列出。'
              : '只列出最新的 200 条申请。'
          }
        >
          <Table
            rowKey="orderNo"
            columns={props.columns(decide)}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            locale={{ emptyText: props.emptyText }}
            pagination={false}
          />
        </CappedList>
      )}
      <Modal
        title={approving ? d.approveTitle(approving) : '审核'}
        open={Boolean(approving)}
        okText="审核通过"
        cancelText="取消"
        okButtonProps={{ loading: busy }}
        onOk={approve}
        onCancel={() => setApproving(undefined)}
        destroyOnClose
      >
        {approving && d.approveBody(approving)}
      </Modal>
      <Modal
        title={rejecting ? d.rejectTitle(rejecting) : d.rejectWord}
        open={Boolean(rejecting)}
        okText={`确认${d.rejectWord}`}
        cancelText="取消"
        okButtonProps={{ danger: true, loading: busy, disabled: !reason.trim() }}
        onOk={reject}
        onCancel={() => setRejecting(undefined)}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{d.rejectWord}原因(居民可见)</span>
          <Input.TextArea
            aria-label={`${d.rejectWord}原因`}
            value={reason}
            maxLength={200}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            placeholder={d.reasonPlaceholder}
          />
        </Space>
      </Modal>
    </Space>
  );
}
