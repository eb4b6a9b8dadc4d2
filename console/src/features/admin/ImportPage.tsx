/**
 * 数据导入: upload an Excel/CSV of accounts (importAccounts) or of bills (importBills), switched at the top,
 * with upload progress, then the import job's progress (getImport, polled) and its error report
 * (downloadImportReport; first problems shown here).
 */
import type { ImportJob } from '@portal/types';
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Progress, Segmented, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { call, download, upload } from '../../services/api';
import { reportError } from '../../services/notify';
import { describeError } from '../../services/apiError';
import { ExportButtons } from '../../shared/ExportButtons';

const DONE = ['failed', 'done'];
const jobId = (j: ImportJob | undefined) => j?.id;

type ImportKind = ImportJob['kind'];
const KINDS: Record<
  ImportKind,
  { label: string; operationId: 'importAccounts' | 'importBills'; hint: string }
> = {
  accounts: {
    label: '户号与表具',
    operationId: 'importAccounts',
    hint: '导入户号与表具:表头可用中文或英文(户号、户主、电话、区、小区、楼栋、单元、房号、类型、表号…),按户号新增或更新。',
  },
  bills: {
    label: '账单',
    operationId: 'importBills',
    hint:
      '导入账单:必填列 户号、账期(YYYY-MM)、金额(元,最多两位小数);可选 用量、到期日、状态(未缴/已缴),' +
      '以及费用明细 燃气费、水费、供热费、保险费、调试费、材料费、滞纳金、其他费用(明细合计须等于金额)。按户号+账期新增或更新;已缴或缴费中的账单不会被覆盖。',
  },
};

export function ImportPage() {
  const [kind, setKind] = useState<ImportKind>('accounts');
  const [uploadPercent, setUploadPercent] = useState<number>();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const id = jobId(job);
    if (!id || DONE.includes(job?.status ?? '')) return;
    const t = setTimeout(async () => {
      try {
        setJob(await call('getImport', { params: { importId: id } }));
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
    try {
      setJob(
        await upload(KINDS[kind].operationId, {
          file,
          query: { filename: file.name },
          onProgress: setUploadPercent,
        }),
      );
    } catch (e) {
      setError(describeError(e));
    } finally {
      setUploadPercent(undefined);
    }
  };

  const processed = job?.processed ?? 0;
  const total = job?.total ?? 0;
  const errors = job?.problems ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>数据导入</Typography.Title>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Segmented
            aria-label="导入内容"
            value={kind}
            disabled={uploadPercent !== undefined}
            options={(Object.keys(KINDS) as ImportKind[]).map((k) => ({
              value: k,
              label: `导入${KINDS[k].label}`,
            }))}
            onChange={(v) => {
              setKind(v as ImportKind);
              setJob(undefined);
              setError(undefined);
            }}
          />
          <Typography.Text type="secondary">{KINDS[kind].hint}</Typography.Text>
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
          {uploadPercent !== undefined && (
            <Progress percent={uploadPercent} status="active" format={(p) => `上传 ${p}%`} />
          )}
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Card>
      {job && (
        <Card title={`导入进度(${KINDS[job.kind]?.label ?? job.kind})`}>
          <Progress
            percent={
              total ? Math.round((processed / total) * 100) : DONE.includes(job.status ?? '') ? 100 : 0
            }
            status={
              job.status === 'failed' ? 'exception' : DONE.includes(job.status ?? '') ? 'success' : 'active'
            }
          />
          <Descriptions size="small" column={{ xs: 2, md: 6 }}>
            <Descriptions.Item label="状态">{job.status ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="总行数">{total}</Descriptions.Item>
            <Descriptions.Item label="新增">{job.inserted}</Descriptions.Item>
            <Descriptions.Item label="更新">{job.updated ?? '—'}</Descriptions.Item>
            {job.kind === 'bills' && <Descriptions.Item label="未变">{job.unchanged}</Descriptions.Item>}
            <Descriptions.Item label="失败">{job.failed}</Descriptions.Item>
          </Descriptions>
          {errors.length > 0 && (
            <Card
              size="small"
              title="错误报告"
              extra={
                <Space>
                  <Button
                    onClick={() =>
                      download('downloadImportReport', `导入错误报告-${job.filename}.csv`, {
                        params: { importId: job.id },
                      }).catch((e) => reportError(e, '下载失败'))
                    }
                  >
                    下载完整报告
                  </Button>
                  <ExportButtons
                    fileName="导入错误报告"
                    rows={errors}
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
                dataSource={errors}
                columns={[
                  { title: '行号', dataIndex: 'row' },
                  { title: '列', dataIndex: 'column' },
                  { title: '问题', dataIndex: 'problem' },
                ]}
              />
            </Card>
          )}
        </Card>
      )}
    </Space>
  );
}
