/**
 * 一户一码 (supervisor, admin, operator): a community's or building's codes with when each was last
 * scanned (listAccountQrs), the printable A4 sheet for them (getQrSheet), one household's current code
 * previewed with its link (getAccountQr, by 户号 or from its row) and again as an image (getAccountQrImage),
 * and revoking a household's code (revokeAccountQr, supervisor and admin):
 * the old sticker stops working at once and the new code is offered for printing.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { AccountQr } from '@portal/types';
import { call, download } from '../../services/api';
import { reportError } from '../../services/notify';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { ErrorState } from '../../shared/QueryState';
import { formatDateTime } from '../../shared/format';
import { useSession } from '../auth/useSession';
import { AccountQrPreview } from './AccountQrPreview';

type Filter = { community: string; district?: string; building?: string };
const clean = (v: Filter): Filter => ({
  community: v.community.trim(),
  ...(v.district?.trim() ? { district: v.district.trim() } : {}),
  ...(v.building?.trim() ? { building: v.building.trim() } : {}),
});

export function QrCodesPage() {
  const roles = useSession()?.staff.roles ?? [];
  const mayRevoke = roles.some((r) => r === 'supervisor' || r === 'admin');
  const [filter, setFilter] = useState<Filter>();
  const codes = useApiQuery(filter ? 'listAccountQrs' : undefined, { query: filter ?? { community: '' } });
  const [busy, run] = useAction();
  const [renewed, setRenewed] = useState<AccountQr>();
  const [previewing, setPreviewing] = useState<string>();

  const sheetName = filter
    ? `一户一码-${filter.community}${filter.building ? `-${filter.building}号楼` : ''}.pdf`
    : '';

  return (
    <>
      <Typography.Title level={4}>一户一码</Typography.Title>
      <Card size="small">
        <Form layout="inline" onFinish={(v: Filter) => setFilter(clean(v))}>
          <Form.Item
            name="community"
            rules={[{ required: true, whitespace: true, message: '请输入小区名称' }]}
          >
            <Input placeholder="小区名称,如 望京园" style={{ width: 220 }} maxLength={60} />
          </Form.Item>
          <Form.Item name="building">
            <Input placeholder="楼栋(可选)" style={{ width: 120 }} maxLength={20} />
          </Form.Item>
          <Form.Item name="district">
            <Input placeholder="区(可选)" style={{ width: 120 }} maxLength={30} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form>
        <Form
          layout="inline"
          style={{ marginTop: 12 }}
          onFinish={(v: { accountNo: string }) => setPreviewing(v.accountNo.trim())}
        >
          <Form.Item name="accountNo" rules={[{ required: true, whitespace: true, message: '请输入户号' }]}>
            <Input placeholder="户号" style={{ width: 220 }} maxLength={20} />
          </Form.Item>
          <Button htmlType="submit">查看该户二维码</Button>
        </Form>
      </Card>
      {previewing && <AccountQrPreview accountNo={previewing} onClose={() => setPreviewing(undefined)} />}
      {renewed && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          closable
          onClose={() => setRenewed(undefined)}
          message={`户号 ${renewed.accountNo} 的旧二维码已作废,新二维码为第 ${renewed.revision} 版`}
          description={
            <Button
              size="small"
              onClick={() =>
                download('getAccountQrImage', `一户一码-${renewed.accountNo}.png`, {
                  params: { accountNo: renewed.accountNo },
                  query: { kind: 'url', size: 430 },
                }).catch((e) => reportError(e, '下载失败'))
              }
            >
              下载新二维码
            </Button>
          }
        />
      )}
      {filter && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={`${filter.community}${filter.building ? ` ${filter.building} 号楼` : ''}`}
          extra={
            <Button
              loading={busy}
              disabled={!codes.data?.length}
              onClick={() => run(() => download('getQrSheet', sheetName, { query: filter }))}
            >
              打印二维码(PDF)
            </Button>
          }
        >
          {codes.error ? (
            <ErrorState error={codes.error} onRetry={codes.reload} />
          ) : (
            <Table
              rowKey="accountNo"
              size="small"
              loading={codes.loading}
              dataSource={codes.data ?? []}
              pagination={{ pageSize: 50, showSizeChanger: false }}
              locale={{ emptyText: '该小区(楼栋)在您负责的片区内没有户' }}
              columns={[
                { title: '户号', dataIndex: 'accountNo' },
                { title: '地址', dataIndex: 'addressMasked' },
                { title: '楼栋', dataIndex: 'building' },
                {
                  title: '版本',
                  render: (_, r) =>
                    r.revision > 1 ? <Tag color="orange">第 {r.revision} 版</Tag> : <Tag>第 1 版</Tag>,
                },
                {
                  title: '最近扫码',
                  render: (_, r) =>
                    r.lastScannedAt ? formatDateTime(r.lastScannedAt, 'YYYY-MM-DD HH:mm:ss') : '从未扫码',
                },
                {
                  title: '操作',
                  render: (_, r) => (
                    <Space>
                      <Button size="small" onClick={() => setPreviewing(r.accountNo)}>
                        查看
                      </Button>
                      <Button
                        size="small"
                        onClick={() =>
                          download('getAccountQrImage', `一户一码-${r.accountNo}.png`, {
                            params: { accountNo: r.accountNo },
                            query: { kind: 'url', size: 430 },
                          }).catch((e) => reportError(e, '下载失败'))
                        }
                      >
                        重新打印
                      </Button>
                      {mayRevoke && (
                        <Popconfirm
                          title="作废此二维码?"
                          description="旧二维码立即失效,扫码将提示“二维码已失效”,需张贴新码。"
                          okText="作废"
                          cancelText="取消"
                          onConfirm={async () => {
                            const r2 = await run(
                              () => call('revokeAccountQr', { params: { accountNo: r.accountNo } }),
                              '已作废旧二维码',
                            );
                            if (r2) {
                              setRenewed(r2);
                              codes.reload();
                            }
                          }}
                        >
                          <Button size="small" danger data-testid={`revoke-${r.accountNo}`}>
                            作废
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
    </>
  );
}
