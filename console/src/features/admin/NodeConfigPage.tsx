/**
 * 工单节点: the steps of each order type — key, label, the action that enters it, who may take it, and the
 * text residents see while the order is there (getNodeConfig, putNodeConfig). SLA policies name these keys
 * as their start and target nodes. The server checks the sequence and answers per field, shown beside it.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { StaffRole, WorkOrderAction, WorkOrderType, type NodeDef } from '@portal/types';
import { call } from '../../services/api';
import { ApiError, type FieldProblem } from '../../services/apiError';
import { reportError, reportSuccess } from '../../services/notify';
import { formatDateTime } from '../../shared/format';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { ROLE_LABELS } from '../navigation/workAreas';
import { ACTION_LABELS, nodeProblems, toFormPath } from './nodeConfigRules';

type FormValues = { nodes: NodeDef[] };

export function NodeConfigPage() {
  const [type, setType] = useState<WorkOrderType>('repair');
  const config = useApiQuery('getNodeConfig', { params: { type } });
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    form.resetFields();
    setProblems([]);
    if (config.data) form.setFieldsValue({ nodes: config.data.nodes });
  }, [config.data, form]);

  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const { nodes } = values;
    const local = nodeProblems(nodes);
    if (local.length) return show(local);
    setBusy(true);
    try {
      await call('putNodeConfig', { params: { type }, body: { nodes } });
      reportSuccess(`已保存${label(ORDER_TYPE_LABELS, type)}工单节点`);
      config.reload();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) show(e.fields);
      else reportError(e);
    } finally {
      setBusy(false);
    }
  };
  /** Lists the problems above the table and marks each field it names. */
  const show = (list: FieldProblem[]) => {
    setProblems(list);
    form.setFields(
      list.flatMap((p) => {
        const name = toFormPath(p.path);
        return name ? [{ name, errors: [p.message] }] : [];
      }),
    );
  };

  return (
    <>
      <Typography.Title level={4}>工单节点</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>工单类型</span>
        <Select
          value={type}
          onChange={setType}
          style={{ width: 160 }}
          options={WorkOrderType.options.map((t) => ({ value: t, label: label(ORDER_TYPE_LABELS, t) }))}
        />
        {config.data?.updatedAt && (
          <Typography.Text type="secondary">最近修改 {formatDateTime(config.data.updatedAt)}</Typography.Text>
        )}
      </Space>
      {config.error ? (
        <ErrorState error={config.error} onRetry={config.reload} />
      ) : (
        <Card loading={config.loading}>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message="节点配置未保存"
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {problems.map((p) => (
                    <li key={`${p.path}:${p.message}`}>{p.message}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Form form={form} component={false}>
            <Form.List name="nodes">
              {(fields, { add, remove, move }) => (
                <>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="key"
                    dataSource={fields}
                    scroll={{ x: 1000 }}
                    columns={[
                      { title: '序', width: 48, render: (_, f) => f.name + 1 },
                      {
                        title: '节点编码',
                        width: 140,
                        render: (_, f) => (
                          <Form.Item
                            name={[f.name, 'key']}
                            style={{ margin: 0 }}
                            rules={[
                              { required: true, message: '请填写编码' },
                              { pattern: /^[a-zA-Z]{2,30}$/, message: '2–30 个英文字母' },
                            ]}
                          >
                            <Input />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '名称',
                        width: 120,
                        render: (_, f) => (
                          <Form.Item
                            name={[f.name, 'label']}
                            style={{ margin: 0 }}
                            rules={[
                              { required: true, message: '请填写名称' },
                              { max: 20, message: '最多 20 字' },
                            ]}
                          >
                            <Input />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '进入动作',
                        width: 130,
                        render: (_, f) => (
                          <Form.Item name={[f.name, 'action']} style={{ margin: 0 }}>
                            <Select
                              allowClear
                              placeholder="无"
                              options={WorkOrderAction.options.map((a) => ({
                                value: a,
                                label: ACTION_LABELS[a],
                              }))}
                            />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '可操作角色',
                        width: 220,
                        render: (_, f) => (
                          <Form.Item name={[f.name, 'roles']} style={{ margin: 0 }}>
                            <Select
                              mode="multiple"
                              placeholder="不限"
                              options={StaffRole.options.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                            />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '仅限接单师傅',
                        width: 100,
                        render: (_, f) => (
                          <Form.Item
                            name={[f.name, 'assigneeOnly']}
                            valuePropName="checked"
                            style={{ margin: 0 }}
                          >
                            <Switch />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '居民看到的说明',
                        render: (_, f) => (
                          <Form.Item
                            name={[f.name, 'residentText']}
                            style={{ margin: 0 }}
                            rules={[
                              { required: true, message: '请填写居民看到的说明' },
                              { max: 60, message: '最多 60 字' },
                            ]}
                          >
                            <Input />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '',
                        width: 120,
                        render: (_, f) => (
                          <Space size={0}>
                            <Button
                              type="text"
                              aria-label="上移"
                              icon={<ArrowUpOutlined />}
                              disabled={f.name === 0}
                              onClick={() => move(f.name, f.name - 1)}
                            />
                            <Button
                              type="text"
                              aria-label="下移"
                              icon={<ArrowDownOutlined />}
                              disabled={f.name === fields.length - 1}
                              onClick={() => move(f.name, f.name + 1)}
                            />
                            <Button
                              type="text"
                              danger
                              aria-label="删除节点"
                              icon={<DeleteOutlined />}
                              onClick={() => remove(f.name)}
                            />
                          </Space>
                        ),
                      },
                    ]}
                  />
                  <Space style={{ marginTop: 16 }}>
                    <Button
                      icon={<PlusOutlined />}
                      disabled={fields.length >= 20}
                      onClick={() =>
                        add({ key: '', label: '', roles: [], assigneeOnly: false, residentText: '' })
                      }
                    >
                      添加节点
                    </Button>
                    <Button type="primary" loading={busy} onClick={save}>
                      保存
                    </Button>
                    <Button onClick={config.reload}>放弃修改</Button>
                  </Space>
                </>
              )}
            </Form.List>
          </Form>
        </Card>
      )}
    </>
  );
}
