/**
 * 告警记录 (listKpiAlerts): the alerts raised since a day (default the last 7), in the staff member's areas,
 * each with what it says: a 报修异常 with the area, its repairs in 24 hours against the threshold (baseline
 * mean ± deviation) and its orders one click away; a 节假日未录入 with the year. The banner above the
 * charts shows only today's and yesterday's (getKpis).
 */
import { useEffect, useState } from 'react';
import { Card, DatePicker, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { addDays, dayOf } from '@portal/types/src/time';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime, pickerDay } from '../../shared/format';
import type { Drill, KpiAlert } from './types';

/** `recomputed` changes after 立即重算, which may have raised new alerts. */
type Props = { onDrill: (d: Drill) => void; recomputed: number };

const subject = (a: KpiAlert): string =>
  a.kind === 'holidaysMissing' ? `${a.year} 年节假日` : `片区 ${a.areaCode}`;
const figures = (a: KpiAlert): string =>
  a.kind === 'holidaysMissing'
    ? '—'
    : `24小时 ${a.count24h} 单,阈值 ${a.threshold.toFixed(1)}(基线 ${a.baselineMean.toFixed(1)} ± ${a.baselineStd.toFixed(1)})`;

export function KpiAlertHistory({ onDrill, recomputed }: Props) {
  const [since, setSince] = useState<Dayjs>(() => pickerDay(Date.now()).subtract(7, 'day'));
  const alerts = useApiQuery('listKpiAlerts', { query: { since: since.format('YYYY-MM-DD') } });
  const { reload } = alerts;
  useEffect(() => {
    if (recomputed) reload();
  }, [recomputed, reload]);
  return (
    <Card
      size="small"
      title="告警记录"
      extra={
        <DatePicker
          aria-label="告警起始日"
          allowClear={false}
          value={since}
          onChange={(d) => d && setSince(d)}
          prefix="自"
        />
      }
    >
      {alerts.error ? (
        <ErrorState error={alerts.error} onRetry={reload} />
      ) : (
        <Table<KpiAlert>
          size="small"
          rowKey="id"
          loading={alerts.loading}
          dataSource={alerts.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '此期间没有告警' }}
          columns={[
            { title: '时间', render: (_, a) => formatDateTime(a.raisedAt) },
            {
              title: '类型',
              render: (_, a) =>
                a.kind === 'holidaysMissing' ? (
                  <Tag color="orange">节假日未录入</Tag>
                ) : (
                  <Tag color="red">报修异常</Tag>
                ),
            },
            { title: '对象', render: (_, a) => subject(a) },
            { title: '说明', dataIndex: 'message' },
            { title: '数据', render: (_, a) => figures(a) },
            {
              title: '',
              render: (_, a) =>
                a.kind === 'repairSpike' && (
                  <a
                    onClick={() =>
                      onDrill({
                        title: `${a.areaCode} ${a.day} 前24小时报修`,
                        kpi: 'orderCount',
                        bucket: `area:${a.areaCode}`,
                        filters: {
                          type: 'repair',
                          from: addDays(dayOf(a.raisedAt), -1),
                          to: dayOf(a.raisedAt),
                        },
                      })
                    }
                  >
                    查看工单
                  </a>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
