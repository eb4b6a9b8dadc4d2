/**
 * One import job while it runs and after: the progress bar, rows done, rows/s, errors so far, a cancel
 * button (cancelImport) while it can still stop, and its error report (downloadImportReport).
 */
import type { ImportJob } from '@portal/types';
import { Button, Card, Descriptions, Popconfirm, Progress, Space, Table } from 'antd';
import { call, download } from '../../../services/api';
import { reportError } from '../../../services/notify';
import { ExportButtons } from '../../../shared/ExportButtons';
import { isEnded, KIND_LABEL, percentOf, STATUS_LABEL } from './importLabels';

export function downloadReport(job: ImportJob): void {
  download('downloadImportReport', `导入错误报告-${job.filename}.csv`, {
    params: { importId: job.id },
  }).catch((e) => reportError(e, '下载失败'));
}

export function ImportProgress({ job, onChange }: { job: ImportJob; onChange: (j: ImportJob) => void }) {
  const cancel = async () => {
    try {
      onChange(await call('cancelImport', { params: { importId: job.id } }));
    } catch (e) {
      reportError(e, '取消失败');
    }
  };
  const status =
    job.status === 'failed' || job.status === 'cancelled'
      ? 'exception'
      : job.status === 'done'
        ? 'success'
        : 'active';
  return (
    <Card
      title={`导入进度:${job.filename}(${KIND_LABEL[job.kind] ?? job.kind})`}
      extra={
        !isEnded(job) && (
          <Popconfirm
            title="取消这次导入?"
            description="已写入的行会保留,其余的行不再导入。"
            onConfirm={cancel}
            okText="取消导入"
            cancelText="继续导入"
          >
            <Button danger disabled={job.cancelRequested}>
              {job.cancelRequested ? '正在取消…' : '取消导入'}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Progress aria-label="导入进度" percent={percentOf(job)} status={status} format={(p) => `${p}%`} />
      <Descriptions size="small" column={{ xs: 2, md: 4 }}>
        <Descriptions.Item label="状态">{STATUS_LABEL[job.status] ?? job.status}</Descriptions.Item>
        <Descriptions.Item label="已处理行数">{job.processed}</Descriptions.Item>
        <Descriptions.Item label="速度">
          {job.rowsPerSecond !== undefined ? `${job.rowsPerSecond} 行/秒` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="错误行数">{job.failed}</Descriptions.Item>
        <Descriptions.Item label="新增">{job.inserted}</Descriptions.Item>
        <Descriptions.Item label="更新">{job.updated}</Descriptions.Item>
        <Descriptions.Item label="未变">{job.unchanged}</Descriptions.Item>
        {job.error && <Descriptions.Item label="原因">{job.error}</Descriptions.Item>}
      </Descriptions>
      {job.problems.length > 0 && (
        <Card
          size="small"
          title="错误报告"
          extra={
            <Space>
              <Button onClick={() => downloadReport(job)}>下载完整报告</Button>
              <ExportButtons
                fileName="导入错误报告"
                rows={job.problems}
                columns={[
                  { title: '行号', value: (e) => e.row },
                  { title: '列', value: (e) => e.column },
                  { title: '问题', value: (e) => e.problem },
                ]}
              />
            </Space>
          }
        >
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column}`}
            dataSource={job.problems}
            columns={[
              { title: '行号', dataIndex: 'row' },
              { title: '列', dataIndex: 'column' },
              { title: '问题', dataIndex: 'problem' },
            ]}
          />
        </Card>
      )}
    </Card>
  );
}
