/** Open a work order for a customer on their behalf (operationId createWorkOrder). */
import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import type { WorkOrderType } from '@portal/types';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { ORDER_TYPE_LABELS } from '../../shared/labels';
import { validFields } from '../../shared/validFields';

type Props = { open: boolean; accountNo: string; onClose: (created: boolean) => void };
type OrderForm = { type: WorkOrderType; description: string; contactPhone?: string };

export function OpenOrderModal({ open, accountNo, onClose }: Props) {
  const [form] = Form.useForm<OrderForm>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const values = await validFields(form);
    if (!values) return;
    setSaving(true);
    try {
      const created = await call('createWorkOrder', { body: { accountNo, ...values, channel: 'console' } });
      reportSuccess(`已创建工单 ${created?.orderNo ?? ''}`);
      form.resetFields();
      onClose(true);
    } catch (e) {
      reportError(e, '开单失败');
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={`为户号 ${accountNo} 开单`}
      open={open}
      onOk={submit}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      okText="提交"
    >
      <Form form={form} layout="vertical">
        <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label="问题描述"
          rules={[{ required: true, message: '请填写问题描述' }, { max: 500 }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
