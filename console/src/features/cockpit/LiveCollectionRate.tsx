/**
 * 账期回收率(实时) (getCollectionRate): one 账期's bills as they stand now, by area: billed, collected, how
 * many bills and how many paid. The charts above read the daily rollup over a date range; this answers
 * "how much of October's bills is in today" for the areas the staff member covers (or the cockpit's area).
 */
import { useState } from 'react';
import { Card, DatePicker, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CollectionRate } from '@portal/types';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatFen, formatPercent, pickerDay } from '../../shared/format';

type AreaRow = CollectionRate['areas'][number];

/** The areas added up: the rate of the sums, not the mean of the rates. */
export function collectionTotal(areas: AreaRow[]): AreaRow {
  const t = areas.reduce(
    (s, a) => ({
      billedFen: s.billedFen + a.billedFen,
      collectedFen: s.collectedFen + a.collectedFen,
      bills: s.bills + a.bills,
      paidBills: s.paidBills + a.paidBills,
    }),
    { billedFen: 0, collectedFen: 0, bills: 0, paidBills: 0 },
  );
  return { areaCode: '合计', ...t, rate: t.billedFen ? t.collectedFen / t.billedFen : 0 };
}

export function LiveCollectionRate({ areaPrefix }: { areaPrefix?: string }) {
  // Last month's bills by default: the month being collected now.
  const [period, setPeriod] = useState<Dayjs>(() => pickerDay(Date.now()).subtract(1, 'month'));
  const rate = useApiQuery('getCollectionRate', {
    query: { period: period.format('YYYY-MM'), ...(areaPrefix ? { areaPrefix } : {}) },
  });
  const areas = rate.data?.areas ?? [];
  return (
    <Card
      size="small"
      title="账期回收率(实时)"
      extra={
        <DatePicker
          picker="month"
          aria-label="账期"
          allowClear={false}
          value={period}
          onChange={(d) => d && setPeriod(d)}
        />
      }
    >
      {rate.error ? (
        <ErrorState error={rate.error} onRetry={rate.reload} />
      ) : (
        <Table<AreaRow>
          size="small"
          rowKey="areaCode"
          loading={rate.loading}
          dataSource={areas}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '该账期没有账单' }}
          columns={[
            { title: '片区', dataIndex: 'areaCode' },
            { title: '回收率', render: (_, a) => formatPercent(a.rate) },
            { title: '实收', render: (_, a) => formatFen(a.collectedFen) },
            { title: '应收', render: (_, a) => formatFen(a.billedFen) },
            { title: '已缴/账单', render: (_, a) => `${a.paidBills} / ${a.bills}` },
          ]}
          summary={() => {
            if (areas.length < 2) return null;
            const t = collectionTotal(areas);
            return (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>合计</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{formatPercent(t.rate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>{formatFen(t.collectedFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{formatFen(t.billedFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>{`${t.paidBills} / ${t.bills}`}</Table.Summary.Cell>
              </Table.Summary.Row>
            );
          }}
        />
      )}
    </Card>
  );
}
