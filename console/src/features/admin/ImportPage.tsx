/**
 * 数据导入: upload an Excel/CSV of accounts (importAccounts) with upload progress, then the import job's
 * progress (getImportJob, polled) and its error report (rows that failed and why), downloadable.
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { call, upload } from '../../services/api';
import { describeError } from '../../services/apiError';
import { ExportButtons } from '../../shared/ExportButtons';

type ImportRowError = { row: number; field?: string; message: string; code?: string };
type ImportJob = {
  id?: string;
  jobId?: string;
  status?: 'queued' | 'running' | 'completed' | 'failed' | string;
  total?: number;
  processed?: number;
  created?: number;
  updated?: number;
  failed?: number;
  errors?: ImportRowError[];
};

const DONE = ['completed', 'failed', 'done'];
const jobId = (j: ImportJob | undefined) => j?.id ?? j?.jobId;

export function ImportPage() {
  const [kind, setKind] = useState('accounts');
  const [uploadPercent, setUploadPercent] = useState<number>();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const id = jobId(job);
    if (!id || DONE.includes(job?.status ?? '')) return;
    const t = setTimeout(async () => {
      try {
        setJob(await call<ImportJob>('getImportJob', { params: { jobId: id, id } }));
      } catch (e) {
        setError(describeError(e));
      }
    }, 2000);
    return () => clearTimeout(t);
  }, [job]);

  const send = async (file: File) => {
    setError(undefined);
    setJob(undefined);
    setUploadPercent(0);
    const fd = new FormData();
    fd.append('file', file);
    fd.append('kind', kind);
    try {
      setJob(await upload<ImportJob>('importAccounts', fd, setUploadPercent, { query: { kind } }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setUploadPercent(undefined);
    }
  };

  const processed = job?.processed ?? 0;
  const total = job?.total ?? 0;
  const errors = job?.errors ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>数据导入</Typography.Title>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            value={kind}
            onChange={setKind}
            style={{ width: 200 }}
            options={[
              { value: 'accounts', label: '用户档案(户号)' },
              { value: 'bills', label: '账单' },
              { value: 'meters', label: '表具' },
            ]}
          />
          <Upload.Dragger
            accept=".xlsx,.xls,.csv"
            showUploadList={false}
            disabled={uploadPercent !== undefined}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入 Excel / CSV 文件上传</p>
          </Upload.Dragger>
          {uploadPercent !== undefined && <Progress percent={uploadPercent} status="active" format={(p) => `上传 ${p}%`} />}
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Card>
      {job && (
        <Card title="导入进度">
          <Progress
            percent={total ? Math.round((processed / total) * 100) : DONE.includes(job.status ?? '') ? 100 : 0}
            status={job.status === 'failed' ? 'exception' : DONE.includes(job.status ?? '') ? 'success' : 'active'}
          />
          <Descriptions size="small" column={{ xs: 2, md: 5 }}>
            <Descriptions.Item label="状态">{job.status ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="总行数">{total}</Descriptions.Item>
            <Descriptions.Item label="新增">{job.created ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="更新">{job.updated ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="失败">{job.failed ?? errors.length}</Descriptions.Item>
          </Descriptions>
          {errors.length > 0 && (
            <Card
              size="small"
              title="错误报告"
              extra={
                <ExportButtons
                  fileName="导入错误报告"
                  rows={errors}
                  columns={[
                    { title: '行号', value: (e) => e.row },
                    { title: '字段', value: (e) => e.field },
                    { title: '问题', value: (e) => e.message },
                  ]}
                />
              }
            >
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}`}
                dataSource={errors}
                columns={[
                  { title: '行号', dataIndex: 'row' },
                  { title: '字段', dataIndex: 'field' },
                  { title: '问题', dataIndex: 'message' },
                ]}
              />
            </Card>
          )}
        </Card>
      )}
    </Space>
  );
}
