/**
 * The 360° customer record on one screen (operationId getCustomer360): holder and address, meters and
 * appliances, bills and arrears, payments, orders and inspections, ratings, chats, notes.
 * Used by the customer page and beside a conversation on the chat desk (compact).
 */
import { Button, Card, Col, Descriptions, Row, Statistic, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime, formatFen } from '../../shared/format';
import { BILL_STATUS_LABELS, ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, UTILITY_LABELS, label } from '../../shared/labels';
import { formatAddress, type Customer360 } from './types';
import { OpenOrderModal } from './OpenOrderModal';

type Props = { accountKey: string; compact?: boolean };

export function CustomerRecord({ accountKey, compact = false }: Props) {
  const params = { accountId: accountKey, accountNo: accountKey, id: accountKey };
  const { data, loading, error, reload } = useApiQuery<Customer360>('getCustomer360', { params });
  const [opening, setOpening] = useState(false);
  const a = data?.account;
  const arrears = data?.arrearsFen ?? a?.arrearsFen;
  const size = compact ? 'small' : 'middle';

  return (
    <QueryState loading={loading} error={error} empty={!data && !loading} emptyText="未找到该客户" onRetry={reload}>
      {a && (
        <>
          <Card
            size={compact ? 'small' : 'default'}
            title={`${a.holderName ?? '—'}(户号 ${a.accountNo})`}
            extra={
              <Button icon={<PlusOutlined />} onClick={() => setOpening(true)}>
                为客户开单
              </Button>
            }
          >
            <Row gutter={16}>
              <Col xs={24} md={compact ? 24 : 16}>
                <Descriptions size="small" column={compact ? 1 : 2}>
                  <Descriptions.Item label="地址">{formatAddress(a.address)}</Descriptions.Item>
                  <Descriptions.Item label="电话">{a.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="类型">{label(UTILITY_LABELS, a.utility)}</Descriptions.Item>
                  <Descriptions.Item label="状态">{a.status ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="片区">{a.areaCode ?? '—'}</Descriptions.Item>
                </Descriptions>
              </Col>
              <Col xs={24} md={compact ? 24 : 8}>
                <Statistic
                  title="欠费合计"
                  value={formatFen(arrears ?? 0)}
                  valueStyle={{ color: arrears ? '#cf1322' : undefined }}
                />
              </Col>
            </Row>
          </Card>
          <Tabs
            size={size}
            items={[
              {
                key: 'bills',
                label: `账单 (${data.bills?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.id ?? r.billId ?? `${r.period}`}
                    dataSource={data.bills ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '账期', dataIndex: 'period' },
                      { title: '应缴', render: (_, r) => formatFen(r.amountDueFen ?? r.amountFen) },
                      { title: '截止', render: (_, r) => formatDateTime(r.dueDate, 'YYYY-MM-DD') },
                      { title: '状态', render: (_, r) => <Tag>{label(BILL_STATUS_LABELS, r.status)}</Tag> },
                    ]}
                  />
                ),
              },
              {
                key: 'payments',
                label: `缴费 (${data.payments?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.outTradeNo ?? `${r.createdAt}`}
                    dataSource={data.payments ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '商户单号', dataIndex: 'outTradeNo' },
                      { title: '金额', render: (_, r) => formatFen(r.amountFen) },
                      { title: '渠道', dataIndex: 'channel' },
                      { title: '状态', dataIndex: 'status' },
                      { title: '时间', render: (_, r) => formatDateTime(r.paidAt ?? r.createdAt) },
                    ]}
                  />
                ),
              },
              {
                key: 'orders',
                label: `工单 (${data.workOrders?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.orderNo ?? r.id ?? `${r.createdAt}`}
                    dataSource={data.workOrders ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '工单号', dataIndex: 'orderNo' },
                      { title: '类型', render: (_, r) => label(ORDER_TYPE_LABELS, r.type) },
                      { title: '状态', render: (_, r) => label(ORDER_STATUS_LABELS, r.status) },
                      { title: '创建', render: (_, r) => formatDateTime(r.createdAt) },
                    ]}
                  />
                ),
              },
              {
                key: 'inspections',
                label: `安检 (${data.inspections?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.id ?? `${r.scheduledAt}`}
                    dataSource={data.inspections ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '计划时间', render: (_, r) => formatDateTime(r.scheduledAt) },
                      { title: '状态', dataIndex: 'status' },
                      { title: '结果', dataIndex: 'result' },
                      { title: '完成', render: (_, r) => formatDateTime(r.completedAt) },
                    ]}
                  />
                ),
              },
              {
                key: 'meters',
                label: `表具与器具 (${(a.meters?.length ?? 0) + (a.appliances?.length ?? 0)})`,
                children: (
                  <>
                    <Table
                      size="small"
                      rowKey={(r) => r.meterNo ?? r.serialNo ?? `${r.installedAt}`}
                      dataSource={a.meters ?? []}
                      pagination={false}
                      columns={[
                        { title: '表号', render: (_, r) => r.meterNo ?? r.serialNo },
                        { title: '类型', dataIndex: 'type' },
                        { title: '型号', dataIndex: 'model' },
                        { title: '最近读数', dataIndex: 'lastReading' },
                      ]}
                    />
                    <Table
                      size="small"
                      style={{ marginTop: 8 }}
                      rowKey={(r) => `${r.kind ?? r.type}-${r.model}-${r.installedAt}`}
                      dataSource={a.appliances ?? []}
                      pagination={false}
                      columns={[
                        { title: '器具', render: (_, r) => r.kind ?? r.type },
                        { title: '品牌', dataIndex: 'brand' },
                        { title: '型号', dataIndex: 'model' },
                        { title: '安装', render: (_, r) => formatDateTime(r.installedAt, 'YYYY-MM-DD') },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'ratings',
                label: `评价 (${data.ratings?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => `${r.orderNo}-${r.createdAt}`}
                    dataSource={data.ratings ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '工单号', dataIndex: 'orderNo' },
                      { title: '评分', dataIndex: 'score' },
                      { title: '评价', dataIndex: 'comment' },
                      { title: '时间', render: (_, r) => formatDateTime(r.createdAt) },
                    ]}
                  />
                ),
              },
              {
                key: 'chats',
                label: `会话 (${data.chats?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => r.sessionId ?? r.id ?? `${r.createdAt}`}
                    dataSource={data.chats ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '开始', render: (_, r) => formatDateTime(r.startedAt ?? r.createdAt) },
                      { title: '状态', dataIndex: 'status' },
                      { title: '最后消息', dataIndex: 'lastMessage' },
                    ]}
                  />
                ),
              },
              {
                key: 'notes',
                label: `备注 (${data.notes?.length ?? 0})`,
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => `${r.createdAt}-${r.text}`}
                    dataSource={data.notes ?? []}
                    pagination={{ pageSize: 6 }}
                    columns={[
                      { title: '内容', dataIndex: 'text' },
                      { title: '记录人', render: (_, r) => r.by ?? r.author },
                      { title: '时间', render: (_, r) => formatDateTime(r.createdAt) },
                    ]}
                  />
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
        </>
      )}
    </QueryState>
  );
}
