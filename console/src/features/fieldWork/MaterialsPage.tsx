/**
 * 物料与片区中心 (admin): the materials catalogue with unit costs in fen (createMaterial / updateMaterial)
 * that technicians record on orders, and the area centres dispatch measures from when a household's
 * position is unknown (putAreaCentre / deleteAreaCentre).
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { AreaCentre, CatalogueMaterial, CatalogueMaterialBody } from '@portal/types';
import { call } from '../../services/api';
import { ErrorState } from '../../shared/QueryState';
import { formatFen } from '../../shared/format';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';

type MaterialForm = Omit<CatalogueMaterialBody, 'unitCostFen'> & { unitCostYuan: number };

export function MaterialsPage() {
  return (
    <>
      <Typography.Title level={4}>物料与片区中心</Typography.Title>
      <MaterialsCard />
      <AreaCentresCard />
    </>
  );
}

function MaterialsCard() {
  const { data, loading, error, reload } = useApiQuery('listMaterials');
  const [editing, setEditing] = useState<CatalogueMaterial | 'new'>();
  const [busy, run] = useAction();
  const [form] = Form.useForm<MaterialForm>();
  const open = (m: CatalogueMaterial | 'new') => {
    setEditing(m);
    form.setFieldsValue(
      m === 'new'
        ? { code: '', name: '', spec: '', unit: '个', unitCostYuan: 0, active: true }
        : { ...m, unitCostYuan: m.unitCostFen / 100 },
    );
  };
  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const { unitCostYuan, ...v } = values;
    // Entered in 元, stored in fen.
    const body = { ...v, spec: v.spec || undefined, unitCostFen: Math.round(unitCostYuan * 100) };
    const done = await run(
      () =>
        editing === 'new' || !editing
          ? call('createMaterial', { body })
          : call('updateMaterial', { params: { code: editing.code }, body }),
      '物料已保存',
    );
    if (done) {
      setEditing(undefined);
      reload();
    }
  };
  return (
    <Card
      title="物料目录"
      style={{ marginBottom: 16 }}
      extra={
        <Button type="primary" onClick={() => open('new')}>
          新增物料
        </Button>
      }
    >
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<CatalogueMaterial>
          rowKey="code"
          loading={loading}
          dataSource={data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '编码', dataIndex: 'code' },
            { title: '名称', dataIndex: 'name' },
            { title: '规格', render: (_, m) => m.spec ?? '—' },
            { title: '单位', dataIndex: 'unit' },
            { title: '单价', render: (_, m) => formatFen(m.unitCostFen) },
            { title: '状态', render: (_, m) => (m.active ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>) },
            {
              title: '操作',
              render: (_, m) => (
                <Button size="small" onClick={() => open(m)}>
                  修改
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal
        title={editing === 'new' ? '新增物料' : '修改物料(新单价只用于之后登记的工单)'}
        open={Boolean(editing)}
        onOk={save}
        confirmLoading={busy}
        onCancel={() => setEditing(undefined)}
        okText="保存"
        destroyOnClose
      >
        <Form form={form} layout="vertical">
          <Form.Item name="code" label="编码" rules={[{ required: true, message: '请填写编码' }]}>
            <Input disabled={editing !== 'new'} placeholder="如 PIPE-DN15" />
          </Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="spec" label="规格">
            <Input />
          </Form.Item>
          <Space>
            <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请填写单位' }]}>
              <Input style={{ width: 80 }} />
            </Form.Item>
            <Form.Item
              name="unitCostYuan"
              label="单价(元)"
              rules={[{ required: true, message: '请填写单价' }]}
            >
              <InputNumber min={0} precision={2} />
            </Form.Item>
            <Form.Item name="active" label="在用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}

function AreaCentresCard() {
  const { data, loading, error, reload } = useApiQuery('listAreaCentres');
  const [busy, run] = useAction();
  const [form] = Form.useForm<AreaCentre>();
  const save = async (v: AreaCentre) => {
    if (await run(() => call('putAreaCentre', { body: v }), '已保存')) {
      form.resetFields();
      reload();
    }
  };
  return (
    <Card title="片区中心点(居民位置未知时,派单按此测距)">
      <Form form={form} layout="inline" onFinish={save} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="areaPrefix" rules={[{ required: true, message: '片区编码' }]}>
          <Input placeholder="片区编码,如 CY-WJY" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="label" rules={[{ required: true, message: '名称' }]}>
          <Input placeholder="名称" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="lat" rules={[{ required: true, message: '纬度' }]}>
          <InputNumber placeholder="纬度" min={-90} max={90} step={0.0001} />
        </Form.Item>
        <Form.Item name="lng" rules={[{ required: true, message: '经度' }]}>
          <InputNumber placeholder="经度" min={-180} max={180} step={0.0001} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={busy}>
            保存
          </Button>
        </Form.Item>
      </Form>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<AreaCentre>
          rowKey="areaPrefix"
          size="small"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          columns={[
            { title: '片区', dataIndex: 'areaPrefix' },
            { title: '名称', dataIndex: 'label' },
            { title: '纬度', dataIndex: 'lat' },
            { title: '经度', dataIndex: 'lng' },
            {
              title: '操作',
              render: (_, c) => (
                <Popconfirm
                  title="删除该中心点?"
                  onConfirm={() =>
                    run(
                      () => call('deleteAreaCentre', { params: { areaPrefix: c.areaPrefix } }),
                      '已删除',
                    ).then(reload)
                  }
                >
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
