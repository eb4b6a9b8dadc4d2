/** 导入记录: past imports newest first (listImports) with their counts; a row opens its progress and report. */
import type { ImportJob } from '@portal/types';
import { Button, Tag } from 'antd';
import { PagedTable } from '../../../shared/PagedTable';
import { formatDateTime } from '../../../shared/format';
import { downloadReport } from './ImportProgress';
import { KIND_LABEL, STATUS_LABEL } from './importLabels';

const COLOR: Record<ImportJob['status'], string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function ImportHistory({
  onOpen,
  refreshKey,
}: {
  onOpen: (j: ImportJob) => void;
  refreshKey: number;
}) {
  return (
    <PagedTable
      operationId="listImports"
      rowKey="id"
      refreshKey={refreshKey}
      onRowClick={onOpen}
      toolbar={<b>导入记录</b>}
      columns={[
        { title: '开始时间', render: (_, j) => formatDateTime(j.startedAt, 'YYYY-MM-DD HH:mm:ss') },
        { title: '文件', dataIndex: 'filename' },
        { title: '内容', render: (_, j) => KIND_LABEL[j.kind] ?? j.kind },
        { title: '状态', render: (_, j) => <Tag color={COLOR[j.status]}>{STATUS_LABEL[j.status]}</Tag> },
        { title: '行数', dataIndex: 'total' },
        { title: '新增', dataIndex: 'inserted' },
        { title: '更新', dataIndex: 'updated' },
        { title: '错误', dataIndex: 'failed' },
        { title: '行/秒', render: (_, j) => j.rowsPerSecond ?? '—' },
        {
          title: '报告',
          render: (_, j) =>
            j.failed > 0 ? (
              <Button
                size="small"
                onClick={(e) => {
                  e.stopPropagation();
                  downloadReport(j);
                }}
              >
                下载错误行
              </Button>
            ) : (
              '—'
            ),
        },
      ]}
      exportName="导入记录"
      exportColumns={[
        { title: '开始时间', value: (j) => formatDateTime(j.startedAt, 'YYYY-MM-DD HH:mm:ss') },
        { title: '文件', value: (j) => j.filename },
        { title: '状态', value: (j) => STATUS_LABEL[j.status] },
        { title: '行数', value: (j) => j.total },
        { title: '错误', value: (j) => j.failed },
      ]}
    />
  );
}
