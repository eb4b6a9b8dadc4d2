/**
 * 抄表区段: who reads the meters of each area (listMeterRoutes / putMeterRoute / deleteMeterRoute). The
 * cockpit's collection rate by meter reader and team counts each bill for the reader of its area (the
 * longest matching area code).
 */
import type { MeterRoute } from '@portal/types';
import { Button, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';

type RouteForm = { areaPrefix: string; readerName: string; team: string };

export function MeterRoutesPage() {
  const list = useApiQuery('listMeterRoutes', {});
  const [busy, run] = useAction();
  const [form] = Form.useForm<RouteForm>();

  const save = async ({ areaPrefix, readerName, team }: RouteForm) => {
    const done = await run(
      () => call('putMeterRoute', { params: { areaPrefix }, body: { readerName, team } }),
      `已设置 ${areaPrefix} 的抄表员`,
    );
    if (done) {
      form.resetFields();
      list.reload();
    }
  };
  const remove = async (r: MeterRoute) => {
    const done = await run(
      () => call('deleteMeterRoute', { params: { areaPrefix: r.areaPrefix } }),
      `已删除 ${r.areaPrefix}`,
    );
    if (done) list.reload();
  };

  return (
    <>
      <Typography.Title level={4}>抄表区段</Typography.Title>
      <Form form={form} layout="inline" onFinish={save} style={{ marginBottom: 16 }}>
        <Form.Item name="areaPrefix" label="片区编码" rules={[{ required: true, message: '请填写片区编码' }]}>
          <Input placeholder="如 CY 或 CY-WJY" />
        </Form.Item>
        <Form.Item name="readerName" label="抄表员" rules={[{ required: true, message: '请填写抄表员' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="team" label="班组" rules={[{ required: true, message: '请填写班组' }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存
        </Button>
      </Form>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          rowKey="areaPrefix"
          loading={list.loading}
          dataSource={list.data ?? []}
          columns={[
            { title: '片区编码', dataIndex: 'areaPrefix' },
            { title: '抄表员', dataIndex: 'readerName' },
            { title: '班组', dataIndex: 'team' },
            { title: '更新时间', dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
            {
              title: '操作',
              key: 'op',
              render: (_: unknown, r: MeterRoute) => (
                <Space>
                  <Button size="small" onClick={() => form.setFieldsValue(r)}>
                    修改
                  </Button>
                  <Popconfirm title={`删除 ${r.areaPrefix} 的抄表区段?`} onConfirm={() => remove(r)}>
                    <Button size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
