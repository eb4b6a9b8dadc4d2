/**
 * The 360° customer record on one screen (operationId getCustomer360): holder and address (the phone
 * masked until revealed), meters and appliances, bills (one opened in full: BillDrawer) and arrears, payments, orders and inspections,
 * ratings, chats, the residents bound to the account (with staff unbind), notes.
 * Used by the customer page and beside a conversation on the chat desk (compact).
 */
import { useState } from 'react';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { AccountTag } from '@portal/types';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDate, formatDateTime, formatFen } from '../../shared/format';
import { BILL_STATUS_LABELS, UTILITY_LABELS, label, ACCOUNT_STATUS_LABELS } from '../../shared/labels';
import { OpenOrderModal } from './OpenOrderModal';
import { NoteForm } from './NoteForm';
import { BoundResidents } from './BoundResidents';
import { PhoneReveal } from './PhoneReveal';
import { EditCustomerModal, type EditableCustomer } from './EditCustomerModal';
import { useSession } from '../auth/useSession';
import { BillDrawer } from './BillDrawer';

type Props = { accountKey: string; compact?: boolean };

/** A section's rows (each row type from the owning feature has an id); `onOpen` makes a row open its detail. */
const rowTable = <R extends { id: string }>(
  rows: R[],
  columns: ColumnsType<R>,
  empty: string,
  onOpen?: (row: R) => void,
) => (
  <Table<R>
    onRow={onOpen && ((row) => ({ onClick: () => onOpen(row), style: { cursor: 'pointer' } }))}
    size="small"
    rowKey="id"
    dataSource={rows}
    pagination={{ pageSize: 6, hideOnSinglePage: true }}
    locale={{ emptyText: empty }}
    scroll={{ x: 'max-content' }}
    columns={columns}
  />
);

export function CustomerRecord({ accountKey, compact = false }: Props) {
  const { data, loading, error, reload } = useApiQuery('getCustomer360', {
    params: { accountNo: accountKey },
    query: { limit: 20 },
  });
  const [opening, setOpening] = useState(false);
  const [editing, setEditing] = useState<EditableCustomer>();
  const roles = useSession()?.staff.roles ?? [];
  // updateCustomer is for supervisors and admins (customers.routes.ts).
  const mayEdit = roles.includes('supervisor') || roles.includes('admin');
  const [openBill, setOpenBill] = useState<string>();
  const a = data?.account;

  return (
    <QueryState
      loading={loading}
      error={error}
      empty={!data && !loading}
      emptyText="未找到该客户"
      onRetry={reload}
    >
      {data && a && (
        <>
          <Card
            size={compact ? 'small' : 'default'}
            title={`${a.holder.name}(户号 ${a.accountNo})`}
            extra={
              <Space>
                {mayEdit && (
                  <Button
                    icon={<EditOutlined />}
                    onClick={() =>
                      setEditing({
                        accountNo: a.accountNo,
                        holderName: a.holder.name,
                        status: a.status,
                        tags: a.tags.filter((t): t is AccountTag => AccountTag.safeParse(t).success),
                        specialNeeds: a.specialNeeds,
                      })
                    }
                  >
                    修改资料
                  </Button>
                )}
                <Button icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                  为客户开单
                </Button>
              </Space>
            }
          >
            <Row gutter={16}>
              <Col xs={24} md={compact ? 24 : 16}>
                <Descriptions size="small" column={compact ? 1 : 2}>
                  <Descriptions.Item label="地址">{a.address.full}</Descriptions.Item>
                  <Descriptions.Item label="电话">
                    <PhoneReveal key={a.accountNo} accountNo={a.accountNo} masked={a.holder.phoneMasked} />
                  </Descriptions.Item>
                  <Descriptions.Item label="类型">{label(UTILITY_LABELS, a.utility)}</Descriptions.Item>
                  <Descriptions.Item label="状态">{label(ACCOUNT_STATUS_LABELS, a.status)}</Descriptions.Item>
                  <Descriptions.Item label="片区">{a.areaCode}</Descriptions.Item>
                  <Descriptions.Item label="合同">{a.contract.no ?? '—'}</Descriptions.Item>
                  {a.tags.length > 0 && (
                    <Descriptions.Item label="标签">
                      {a.tags.map((t) => (
                        <Tag key={t} color="orange">
                          {t}
                        </Tag>
                      ))}
                    </Descriptions.Item>
                  )}
                  {a.specialNeeds && <Descriptions.Item label="特殊需求">{a.specialNeeds}</Descriptions.Item>}
                </Descriptions>
              </Col>
              <Col xs={24} md={compact ? 24 : 8}>
                <Row gutter={8}>
                  <Col span={12}>
                    <Statistic
                      title={`欠费(${data.billing.unpaidCount} 张)`}
                      value={formatFen(data.billing.arrearsFen)}
                      valueStyle={{ color: data.billing.arrearsFen ? '#cf1322' : undefined }}
                    />
                  </Col>
                  <Col span={12}>
                    <Statistic
                      title={`评价(${data.ratings.count} 次)`}
                      value={data.ratings.average === null ? '—' : data.ratings.average.toFixed(1)}
                    />
                  </Col>
                </Row>
              </Col>
            </Row>
          </Card>
          <Tabs
            size={compact ? 'small' : 'middle'}
            items={[
              {
                key: 'bills',
                label: `账单 (${data.billing.bills.total})`,
                children: rowTable(
                  data.billing.bills.items,
                  [
                    { title: '账期', dataIndex: 'period' },
                    { title: '应缴', render: (_, r) => formatFen(r.amountDue) },
                    { title: '截止', render: (_, r) => formatDate(r.dueDate) },
                    { title: '状态', render: (_, r) => <Tag>{label(BILL_STATUS_LABELS, r.status)}</Tag> },
                  ],
                  '暂无账单',
                  (r) => setOpenBill(r.id),
                ),
              },
              {
                key: 'payments',
                label: `缴费 (${data.billing.payments.total})`,
                children: rowTable(
                  data.billing.payments.items,
                  [
                    { title: '商户单号', dataIndex: 'outTradeNo' },
                    { title: '金额', render: (_, r) => formatFen(r.amountFen) },
                    { title: '渠道', dataIndex: 'channel' },
                    { title: '状态', dataIndex: 'status' },
                    { title: '时间', render: (_, r) => formatDateTime(r.paidAt ?? r.createdAt) },
                  ],
                  '暂无缴费',
                ),
              },
              {
                key: 'orders',
                label: `工单 (${data.workOrders.total}${data.workOrders.open ? `,${data.workOrders.open} 未结` : ''})`,
                children: rowTable(
                  data.workOrders.items,
                  [
                    { title: '工单号', dataIndex: 'orderNo' },
                    { title: '类型', render: (_, r) => r.typeLabel ?? r.type },
                    { title: '状态', render: (_, r) => r.status ?? r.state },
                    { title: '创建', render: (_, r) => formatDateTime(r.createdAt) },
                  ],
                  '暂无工单',
                ),
              },
              {
                key: 'inspections',
                label: `安检 (${data.inspections.total})`,
                children: rowTable(
                  data.inspections.items,
                  [
                    { title: '工单号', dataIndex: 'orderNo' },
                    { title: '时间', render: (_, r) => formatDateTime(r.createdAt) },
                    { title: '状态', render: (_, r) => r.status ?? r.state },
                    { title: '处理人', dataIndex: 'assigneeName' },
                  ],
                  '暂无安检记录',
                ),
              },
              {
                key: 'meters',
                label: `表具与器具 (${a.meters.length + a.appliances.length})`,
                children: (
                  <>
                    <Table
                      size="small"
                      rowKey="meterNo"
                      dataSource={a.meters}
                      pagination={false}
                      locale={{ emptyText: '暂无表具' }}
                      columns={[
                        { title: '表号', dataIndex: 'meterNo' },
                        { title: '型号', dataIndex: 'model' },
                        { title: '最近读数', dataIndex: 'lastReading' },
                        { title: '读数时间', render: (_, m) => formatDateTime(m.lastReadingAt) },
                      ]}
                    />
                    <Table
                      size="small"
                      style={{ marginTop: 8 }}
                      rowKey={(r) => `${r.kind}-${r.brand}-${r.model}`}
                      dataSource={a.appliances}
                      pagination={false}
                      locale={{ emptyText: '暂无器具' }}
                      columns={[
                        { title: '器具', dataIndex: 'kind' },
                        { title: '品牌', dataIndex: 'brand' },
                        { title: '型号', dataIndex: 'model' },
                        { title: '安装', render: (_, r) => formatDate(r.installedAt) },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'chats',
                label: `会话 (${data.chats.total})`,
                children: rowTable(
                  data.chats.items,
                  [
                    { title: '开始', render: (_, r) => formatDateTime(r.queuedAt) },
                    { title: '状态', dataIndex: 'status' },
                    { title: '客服', dataIndex: 'agentName' },
                    { title: '小结', dataIndex: 'summary' },
                  ],
                  '暂无会话',
                ),
              },
              {
                key: 'residents',
                label: `绑定居民 (${data.residents.length})`,
                children: (
                  <BoundResidents accountNo={a.accountNo} residents={data.residents} onChanged={reload} />
                ),
              },
              {
                key: 'notes',
                label: `备注 (${data.notes.length})`,
                children: (
                  <>
                    <NoteForm accountNo={a.accountNo} onAdded={reload} />
                    <Table
                      size="small"
                      rowKey={(r) => `${r.at}-${r.by}`}
                      dataSource={data.notes}
                      pagination={{ pageSize: 6, hideOnSinglePage: true }}
                      locale={{ emptyText: '暂无备注' }}
                      columns={[
                        { title: '内容', dataIndex: 'text' },
                        { title: '记录人', dataIndex: 'by' },
                        { title: '时间', render: (_, r) => formatDateTime(r.at) },
                      ]}
                    />
                  </>
                ),
              },
            ]}
          />
          <OpenOrderModal
            open={opening}
            accountNo={a.accountNo}
            onClose={(created) => {
              setOpening(false);
              if (created) reload();
            }}
          />
          <EditCustomerModal
            customer={editing}
            onClose={(saved) => {
              setEditing(undefined);
              if (saved) reload();
            }}
          />
          <BillDrawer billId={openBill} onClose={() => setOpenBill(undefined)} />
        </>
      )}
    </QueryState>
  );
}
