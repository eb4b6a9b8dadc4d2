/** 收款凭证导出: the day's WeChat receipts and refunds as 金蝶 / 用友 vouchers, CSV or Excel (exportReceipts). */
import { useState } from 'react';
import { Button, Card, DatePicker, Select, Space } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { DAY_MS } from '@portal/types/src/time';
import { download } from '../../services/api';
import { reportError } from '../../services/notify';
import { pickerDay } from '../../shared/format';

type Layout = 'kingdee' | 'yonyou';
const LAYOUTS: { value: Layout; label: string }[] = [
  { value: 'kingdee', label: '金蝶凭证' },
  { value: 'yonyou', label: '用友凭证' },
];

export function ReceiptsExportCard() {
  const [day, setDay] = useState<Dayjs | null>(() => pickerDay(Date.now() - DAY_MS));
  const [layout, setLayout] = useState<Layout>('kingdee');
  const date = day?.format('YYYY-MM-DD');
  const run = (format: 'csv' | 'xlsx') => {
    if (!date) return;
    const name = `${layout === 'kingdee' ? '金蝶' : '用友'}凭证-${date}.${format}`;
    download('exportReceipts', name, { query: { date, format, layout } }).catch((e) =>
      reportError(e, '导出失败'),
    );
  };
  return (
    <Card title="收款凭证导出(财务系统)" size="small" style={{ marginTop: 16 }}>
      <Space wrap>
        <span>收款日期</span>
        <DatePicker value={day} onChange={setDay} placeholder="收款日期" allowClear={false} />
        <Select<Layout> value={layout} onChange={setLayout} options={LAYOUTS} style={{ width: 120 }} />
        <Button icon={<CloudDownloadOutlined />} disabled={!date} onClick={() => run('csv')}>
          导出 CSV
        </Button>
        <Button icon={<CloudDownloadOutlined />} disabled={!date} onClick={() => run('xlsx')}>
          导出 Excel
        </Button>
      </Space>
    </Card>
  );
}
