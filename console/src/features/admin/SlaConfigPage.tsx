/**
 * 时限配置: SLA policies, per order type (and category or priority), the time from one node of its flow to a later
 * one, on a calendar, and what a breach does (listSlaPolicies, putSlaPolicy, deleteSlaPolicy). The editor offers
 * the type's own nodes (getNodeConfig) and the calendars (listCalendars); the server refuses a policy that could
 * never run.
 */
import type { SlaPolicy, SlaPolicyBody } from '@portal/types';
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { formatMinutes } from '../../shared/format';
import { ModalEditor, editDeleteColumn, useModalEditor } from '../../shared/ModalEditor';
import { PagedTable } from '../../shared/PagedTable';
import { ScopeField } from '../../shared/ScopeField';
import { useApiQuery } from '../../shared/useApiQuery';
import {
  ORDER_CATEGORY_LABELS,
  ORDER_STATUS_LABELS,
  ORDER_TYPE_LABELS,
  label,
  labelOptions,
  labelOrAll,
} from '../../shared/labels';

const PRIORITY_LABELS: Record<string, string> = { urgent: '紧急', high: '高', normal: '普通', low: '低' };
const BREACH_LABELS: Record<string, string> = { escalate: '升级主管', reassign: '未接单则改派' };
/** The calendar no stored one is: every minute counts. */
const ROUND_THE_CLOCK = { value: '24x7', label: '全天(24×7)' };

/** A new policy's key: its own, never shown (the list and the audit log name it by 名称). */
const newKey = () => `sla-${Date.now().toString(36)}`;

export function SlaConfigPage() {
  const [refreshKey, setRefreshKey] = useState(0);
  const editor = useModalEditor<SlaPolicyBody>(() => setRefreshKey((k) => k + 1));
  const calendars = useApiQuery('listCalendars');
  const calendarOptions = [
    ROUND_THE_CLOCK,
    ...(calendars.data ?? []).map((c) => ({ value: c.key, label: c.label })),
  ];
  const calendarName = (key: string) => calendarOptions.find((c) => c.value === key)?.label ?? key;
  const type = Form.useWatch('type', editor.form);
  const minutes = Form.useWatch('minutes', editor.form);
  const calendar = Form.useWatch('calendar', editor.form);
  const flow = useApiQuery(type ? 'getNodeConfig' : undefined, { params: { type: type! } });
  const nodeOptions = (flow.data?.nodes ?? []).map((n) => ({ value: n.key, label: n.label }));

  const edit = (p: SlaPolicy) => {
    const { key, ...body } = p;
    editor.open(body, key);
  };

  return (
    <>
      <Typography.Title level={4}>时限配置</Typography.Title>
      <Typography.Paragraph type="secondary">
        工单进入起始节点时开始计时,到达目标节点(或其后任一节点)时停止;按所选日历计时(工作日历只计上班时间,节假日不计)。超时后升级给片区主管,或在技师未接单时改派他人。
      </Typography.Paragraph>
      <PagedTable
        operationId="listSlaPolicies"
        rowKey="key"
        refreshKey={refreshKey}
        toolbar={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() =>
              editor.open({
                label: '',
                type: 'repair',
                startNode: 'accepted',
                targetNode: 'arrived',
                minutes: 120,
                calendar: '24x7',
                onBreach: 'escalate',
                enabled: true,
              })
            }
          >
            新增时限
          </Button>
        }
        columns={[
          { title: '名称', dataIndex: 'label' },
          { title: '工单类型', render: (_, c) => label(ORDER_TYPE_LABELS, c.type) },
          {
            title: '类别',
            render: (_, c) => labelOrAll(ORDER_CATEGORY_LABELS, c.category),
          },
          { title: '优先级', render: (_, c) => labelOrAll(PRIORITY_LABELS, c.priority) },
          {
            title: '起止节点',
            render: (_, c) =>
              `${label(ORDER_STATUS_LABELS, c.startNode)} → ${label(ORDER_STATUS_LABELS, c.targetNode)}`,
          },
          {
            title: '时限',
            // On a working calendar the minutes are working time: 3 working days of 7.5 hours are 22小时30分.
            render: (_, c) => `${formatMinutes(c.minutes)}${c.calendar === '24x7' ? '' : '(工作时间)'}`,
          },
          { title: '日历', render: (_, c) => calendarName(c.calendar) },
          { title: '超时处理', render: (_, c) => label(BREACH_LABELS, c.onBreach) },
          {
            title: '启用',
            render: (_, c) => (c.enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>),
          },
          editDeleteColumn(editor, (c: SlaPolicy) => ({
            name: c.label,
            edit: () => edit(c),
            remove: () => call('deleteSlaPolicy', { params: { key: c.key } }),
          })),
        ]}
        exportName="时限配置"
        exportColumns={[
          { title: '名称', value: (c) => c.label },
          { title: '工单类型', value: (c) => label(ORDER_TYPE_LABELS, c.type) },
          { title: '类别', value: (c) => labelOrAll(ORDER_CATEGORY_LABELS, c.category) },
          { title: '优先级', value: (c) => labelOrAll(PRIORITY_LABELS, c.priority) },
          { title: '起始节点', value: (c) => label(ORDER_STATUS_LABELS, c.startNode) },
          { title: '目标节点', value: (c) => label(ORDER_STATUS_LABELS, c.targetNode) },
          { title: '时限(分钟)', value: (c) => c.minutes },
          { title: '日历', value: (c) => calendarName(c.calendar) },
          { title: '超时处理', value: (c) => label(BREACH_LABELS, c.onBreach) },
          { title: '启用', value: (c) => (c.enabled === false ? '停用' : '启用') },
        ]}
      />
      <ModalEditor
        editor={editor}
        what="时限"
        save={(v, key) =>
          call('putSlaPolicy', {
            params: { key: key ?? newKey() },
            // Left empty: the policy is for every category or priority (the saved policy is exactly this).
            body: { ...v, category: v.category || undefined, priority: v.priority || undefined },
          })
        }
        saved={(v) => `已保存时限“${v.label}”`}
      >
        <Form.Item
          name="label"
          label="名称"
          rules={[{ required: true, whitespace: true, message: '请填写时限名称' }]}
        >
          <Input placeholder="如 紧急报修 30 分钟到场" maxLength={40} />
        </Form.Item>
        <Space size="middle" wrap>
          <Form.Item name="type" label="工单类型" rules={[{ required: true, message: '请选择工单类型' }]}>
            <Select
              style={{ width: 140 }}
              options={labelOptions(ORDER_TYPE_LABELS)}
              // Another type has other nodes: pick them again.
              onChange={() => editor.form.setFieldsValue({ startNode: undefined, targetNode: undefined })}
            />
          </Form.Item>
          <ScopeField
            name="category"
            label="类别"
            all="全部类别"
            labels={ORDER_CATEGORY_LABELS}
            width={150}
          />
          <ScopeField name="priority" label="优先级" all="全部" labels={PRIORITY_LABELS} width={110} />
        </Space>
        <Space size="middle" wrap>
          <NodeField name="startNode" label="起始节点" nodes={nodeOptions} loading={flow.loading} />
          <NodeField name="targetNode" label="目标节点" nodes={nodeOptions} loading={flow.loading} />
        </Space>
        <Space size="middle" wrap align="start">
          <Form.Item
            name="minutes"
            label="时限(分钟)"
            rules={[{ required: true, message: '请填写时限' }]}
            extra={
              minutes
                ? `${formatMinutes(minutes)}${calendar && calendar !== '24x7' ? '(按工作时间计)' : ''}`
                : undefined
            }
          >
            <InputNumber min={1} max={60 * 24 * 90} precision={0} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="calendar" label="日历">
            <Select style={{ width: 170 }} options={calendarOptions} loading={calendars.loading} />
          </Form.Item>
          <Form.Item name="onBreach" label="超时处理">
            <Select style={{ width: 150 }} options={labelOptions(BREACH_LABELS)} />
          </Form.Item>
        </Space>
        <Form.Item name="enabled" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </ModalEditor>
    </>
  );
}

/** One end of the clock: a node of the type's flow, by name. */
function NodeField(props: {
  name: 'startNode' | 'targetNode';
  label: string;
  nodes: { value: string; label: string }[];
  loading: boolean;
}) {
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      rules={[{ required: true, message: `请选择${props.label}` }]}
    >
      <Select
        showSearch
        optionFilterProp="label"
        style={{ width: 150 }}
        options={props.nodes}
        loading={props.loading}
      />
    </Form.Item>
  );
}
