/**
 * 营业网点 (admin): the halls residents see on the mini-program and H5 at once after saving
 * (listAllServiceHalls, createServiceHall, updateServiceHall, deleteServiceHall; every change audited).
 */
import type { ServiceHall, ServiceHallInput } from '@portal/types';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { editDeleteColumn, ModalEditor, useModalEditor } from '../../shared/ModalEditor';
import { useApiQuery } from '../../shared/useApiQuery';

const EMPTY: ServiceHallInput = {
  name: '',
  address: '',
  hours: '周一至周五 8:30–17:00',
  latitude: 39.9,
  longitude: 116.4,
  services: ['开户', '缴费'],
  open: true,
};

const inputOf = (h: ServiceHall): ServiceHallInput => ({
  name: h.name,
  address: h.address,
  hours: h.hours,
  phone: h.phone,
  latitude: h.latitude,
  longitude: h.longitude,
  services: h.services,
  open: h.open,
});

export function ServiceHallsPage() {
  const halls = useApiQuery('listAllServiceHalls');
  const editor = useModalEditor<ServiceHallInput>(halls.reload);

  if (halls.error) return <ErrorState error={halls.error} onRetry={halls.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>营业网点</Typography.Title>
      <Typography.Text type="secondary">
        居民在小程序和公众号“服务 →
        营业网点”看到营业中的网点(地址、营业时间、地图、离他多远);保存后即时生效,无需发版。坐标用高德/腾讯地图的
        GCJ-02 经纬度。
      </Typography.Text>
      <Card
        extra={
          <Button type="primary" onClick={() => editor.open(EMPTY)}>
            新增网点
          </Button>
        }
      >
        <Table<ServiceHall>
          rowKey="id"
          loading={halls.loading}
          dataSource={halls.data?.items ?? []}
          pagination={false}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '地址', dataIndex: 'address' },
            { title: '营业时间', dataIndex: 'hours' },
            { title: '电话', dataIndex: 'phone' },
            { title: '业务', render: (_, h) => h.services.join('、') },
            {
              title: '状态',
              render: (_, h) => (h.open ? <Tag color="green">营业中</Tag> : <Tag>暂停营业</Tag>),
            },
            { title: '更新', render: (_, h) => formatDateTime(h.updatedAt) },
            editDeleteColumn(editor, (h: ServiceHall) => ({
              name: h.name,
              edit: () => editor.open(inputOf(h), h.id),
              remove: () => call('deleteServiceHall', { params: { hallId: h.id } }),
            })),
          ]}
        />
      </Card>
      <ModalEditor
        editor={editor}
        what="营业网点"
        save={(v, hallId) => {
          const body = { ...v };
          if (!body.phone) delete body.phone;
          return hallId
            ? call('updateServiceHall', { params: { hallId }, body })
            : call('createServiceHall', { body });
        }}
        saved={(v) => `已保存“${v.name}”,居民端即时可见`}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写网点名称' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ required: true, message: '请填写地址' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="hours" label="营业时间" rules={[{ required: true, message: '请填写营业时间' }]}>
          <Input maxLength={100} placeholder="周一至周五 8:30–17:00;周六 9:00–12:00" />
        </Form.Item>
        <Form.Item name="phone" label="电话">
          <Input maxLength={20} />
        </Form.Item>
        <Space>
          <Form.Item name="latitude" label="纬度" rules={[{ required: true, message: '请填写纬度' }]}>
            <InputNumber min={3} max={54} step={0.0001} />
          </Form.Item>
          <Form.Item name="longitude" label="经度" rules={[{ required: true, message: '请填写经度' }]}>
            <InputNumber min={73} max={136} step={0.0001} />
          </Form.Item>
        </Space>
        <Form.Item name="services" label="可办业务">
          <Select mode="tags" tokenSeparators={[',', ',', '、']} />
        </Form.Item>
        <Form.Item name="open" label="营业中" valuePropName="checked">
          <Switch />
        </Form.Item>
      </ModalEditor>
    </Space>
  );
}
