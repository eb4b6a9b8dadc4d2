/**
 * 数据导入: upload an Excel/CSV of accounts (importAccounts) or of bills (importBills), switched at the top.
 * The upload answers at once with a queued job that a worker imports in the background; this screen polls
 * it (getImport) for a live progress bar, rows/s and errors so far, can cancel it (cancelImport), and lists
 * past imports (listImports) with their error reports.
 */
import type { ImportJob } from '@portal/types';
import { useEffect, useState } from 'react';
import { Alert, Card, Progress, Segmented, Space, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { call, upload } from '../../services/api';
import { describeError } from '../../services/apiError';
import { ImportHistory } from './imports/ImportHistory';
import { ImportProgress } from './imports/ImportProgress';
import { isEnded, KIND_LABEL } from './imports/importLabels';

const POLL_MS = 1000;

type ImportKind = ImportJob['kind'];
const KINDS: Record<ImportKind, { operationId: 'importAccounts' | 'importBills'; hint: string }> = {
  accounts: {
    operationId: 'importAccounts',
    hint: '导入户号与表具:表头可用中文或英文(户号、户主、电话、区、小区、楼栋、单元、房号、类型、表号…),按户号新增或更新。',
  },
  bills: {
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
  const [historyKey, setHistoryKey] = useState(0);

  // Poll the shown job while it runs; the history is refreshed when it ends.
  useEffect(() => {
    if (!job) return;
    if (isEnded(job)) {
      setHistoryKey((k) => k + 1);
      return;
    }
    const t = setTimeout(async () => {
      try {
        setJob(await call('getImport', { params: { importId: job.id } }));
      } catch (e) {
        setError(describeError(e));
      }
    }, POLL_MS);
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
      setHistoryKey((k) => k + 1);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setUploadPercent(undefined);
    }
  };

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
              label: `导入${KIND_LABEL[k]}`,
            }))}
            onChange={(v) => {
              setKind(v as ImportKind);
              setError(undefined);
            }}
          />
          <Typography.Text type="secondary">{KINDS[kind].hint}</Typography.Text>
          <Upload.Dragger
            accept=".xlsx,.csv"
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
            <p>点击或拖入 Excel / CSV 文件上传;上传后在后台导入,可离开本页,稍后在导入记录中查看</p>
          </Upload.Dragger>
          {uploadPercent !== undefined && (
            <Progress percent={uploadPercent} status="active" format={(p) => `上传 ${p}%`} />
          )}
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Card>
      {job && <ImportProgress job={job} onChange={setJob} />}
      <ImportHistory onOpen={setJob} refreshKey={historyKey} />
    </Space>
  );
}
