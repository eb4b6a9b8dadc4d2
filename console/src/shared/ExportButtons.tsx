import { Button, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadCsv, downloadXlsx, type ExportColumn } from './exportTable';
import { reportError } from '../services/notify';

type Props<T> = { fileName: string; columns: ExportColumn<T>[]; rows: T[] };

export function ExportButtons<T>({ fileName, columns, rows }: Props<T>) {
  const disabled = rows.length === 0;
  return (
    <Space>
      <Button
        icon={<DownloadOutlined />}
        disabled={disabled}
        onClick={() => downloadCsv(fileName, columns, rows)}
      >
        导出CSV
      </Button>
      <Button
        icon={<DownloadOutlined />}
        disabled={disabled}
        onClick={() => downloadXlsx(fileName, columns, rows).catch((e) => reportError(e, '导出失败'))}
      >
        导出Excel
      </Button>
    </Space>
  );
}
