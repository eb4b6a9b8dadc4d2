/** Exports a whole cockpit table from the server (exportKpis), not just the rows on screen. */
import { Button, Space } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { download } from '../../services/api';
import { reportError } from '../../services/notify';
import type { QueryValue } from '../../services/api';

type Props = { query: Record<string, QueryValue>; fileName: string };

export function ServerExportButtons({ query, fileName }: Props) {
  const run = (format: 'csv' | 'xlsx') =>
    download('exportKpis', `${fileName}.${format}`, { query: { ...query, format } }).catch((e) =>
      reportError(e, '导出失败'),
    );
  return (
    <Space size={4}>
      <Button size="small" icon={<CloudDownloadOutlined />} onClick={() => run('csv')}>
        CSV
      </Button>
      <Button size="small" icon={<CloudDownloadOutlined />} onClick={() => run('xlsx')}>
        Excel
      </Button>
    </Space>
  );
}
