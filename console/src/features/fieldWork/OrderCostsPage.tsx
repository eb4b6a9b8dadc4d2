/**
 * 工单成本: materials cost (catalogue prices), hours and their labour cost (工时 × 人工费率 of 服务设置) per
 * order type and area for orders completed in a period (getOrderCosts), with the orders behind a row
 * (listOrderCostOrders).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, DatePicker, Drawer, Form, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { OrderCostRow } from '@portal/types';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ServerExportButtons } from '../cockpit/ServerExportButtons';
import { ErrorState } from '../../shared/QueryState';
import { CappedList } from '../../shared/CappedList';
import { formatFen, formatMinutes, pickerDay } from '../../shared/format';
import { useApiQuery } from '../../shared/useApiQuery';

type Filter = { range: [Dayjs, Dayjs]; areaCode?: string };
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function OrderCostsPage() {
  const [filter, setFilter] = useState<Filter>({
    range: [pickerDay(Date.now()).subtract(29, 'day'), pickerDay(Date.now())],
  });
  const [row, setRow] = useState<OrderCostRow>();
  const q = { from: day(filter.range[0]), to: day(filter.range[1]), areaCode: filter.areaCode || undefined };
  const { data, loading, error, reload } = useApiQuery('getOrderCosts', { query: q });
  const drill = useApiQuery(row ? 'listOrderCostOrders' : undefined, {
    query: { from: q.from, to: q.to, type: row?.type ?? 'repair', area: row?.area ?? '' },
  });
  return (
    <>
      <Typography.Title level={4}>工单成本</Typography.Title>
      <Card
        extra={
          <Space>
            {data && (
              <Typography.Text type="secondary">
                人工费率 {formatFen(data.labourRateFen)}/小时(服务设置)
              </Typography.Text>
            )}
            <ServerExportButtons
              fileName="工单成本"
              query={{ from: q.from, to: q.to, district: q.areaCode, table: 'orderCosts' }}
            />
          </Space>
        }
      >
        <Form<Filter>
          layout="inline"
          initialValues={filter}
          onFinish={setFilter}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item name="range" rules={[{ required: true }]}>
            <DatePicker.RangePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="areaCode">
            <AreaCodeSelect placeholder="全部片区" allowClear style={{ width: 160 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
          </Form.Item>
        </Form>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Table<OrderCostRow>
            rowKey={(r) => `${r.type}|${r.area}`}
            loading={loading}
            dataSource={data?.rows ?? []}
            pagination={false}
            locale={{ emptyText: '此期间没有登记用料的已完工工单' }}
            onRow={(r) => ({ onClick: () => setRow(r), style: { cursor: 'pointer' } })}
            columns={[
              { title: '业务', dataIndex: 'typeLabel' },
              { title: '片区', dataIndex: 'area' },
              { title: '工单数', dataIndex: 'orders' },
              { title: '用料成本', render: (_, r) => formatFen(r.materialCostFen) },
              { title: '单均用料', render: (_, r) => formatFen(r.avgMaterialCostFen) },
              { title: '工时', render: (_, r) => formatMinutes(r.labourMinutes) },
              { title: '人工成本', render: (_, r) => formatFen(r.labourCostFen) },
              { title: '总成本', render: (_, r) => formatFen(r.costFen) },
              { title: '单均成本', render: (_, r) => formatFen(r.avgCostFen) },
            ]}
            summary={() =>
              data && data.rows.length > 0 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>{data.totalOrders}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} colSpan={3}>
                    {formatFen(data.totalMaterialCostFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6}>{formatFen(data.totalLabourCostFen)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7} colSpan={2}>
                    {formatFen(data.totalCostFen)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        )}
      </Card>
      <Drawer
        open={Boolean(row)}
        onClose={() => setRow(undefined)}
        width={640}
        title={row && `${row.typeLabel} · ${row.area}`}
      >
        <CappedList
          more={Boolean(row && drill.data && row.orders > drill.data.length)}
          text={`共 ${row?.orders ?? 0} 单，只列出总成本最高的 ${drill.data?.length ?? 0} 单。`}
        >
          <Table
            rowKey="orderNo"
            size="small"
            loading={drill.loading}
            dataSource={drill.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                title: '工单号',
                render: (_, o) => <Link to={`/work-orders/${o.orderNo}`}>{o.orderNo}</Link>,
              },
              { title: '片区', dataIndex: 'areaCode' },
              { title: '处理人', render: (_, o) => o.assigneeName ?? '—' },
              { title: '用料成本', render: (_, o) => formatFen(o.materialCostFen) },
              { title: '工时', render: (_, o) => formatMinutes(o.labourMinutes) },
              { title: '人工成本', render: (_, o) => formatFen(o.labourCostFen) },
              { title: '总成本', render: (_, o) => formatFen(o.costFen) },
            ]}
          />
        </CappedList>
      </Drawer>
    </>
  );
}
