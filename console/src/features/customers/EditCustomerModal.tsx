/**
 * 修改客户资料 (updateCustomer, supervisors and admins; audited on the server): tags, special needs, status,
 * phone and — for a 过户 recorded at the counter — the holder's name, which ends the bindings made under the
 * old holder. Only the fields changed are sent.
 */
import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { AccountStatus, AccountTag, type UpdateCustomerBody } from '@portal/types';
import { call } from '../../services/api';
import { ACCOUNT_STATUS_LABELS, label } from '../../shared/labels';
import { useAction } from '../../shared/useAction';
import { validFields } from '../../shared/validFields';

export type EditableCustomer = {
  accountNo: string;
  holderName: string;
  status: AccountStatus;
  tags: AccountTag[];
  specialNeeds?: string;
};

type Props = { customer?: EditableCustomer; onClose: (saved: boolean) => void };
type Values = Required<Omit<UpdateCustomerBody, 'phone'>> & { phone?: string };

/** The fields that differ from the record (an empty phone means "leave it"). */
export function changedFields(before: EditableCustomer, v: Values): UpdateCustomerBody {
  const body: UpdateCustomerBody = {};
  if (JSON.stringify([...v.tags].sort()) !== JSON.stringify([...before.tags].sort())) body.tags = v.tags;
  if ((v.specialNeeds ?? '').trim() !== (before.specialNeeds ?? ''))
    body.specialNeeds = v.specialNeeds.trim();
  if (v.status !== before.status) body.status = v.status;
  if (v.phone?.trim()) body.phone = v.phone.trim();
  if (v.holderName.trim() !== before.holderName) body.holderName = v.holderName.trim();
  return body;
}

export function EditCustomerModal({ customer, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const [busy, run] = useAction();
  const holderName = Form.useWatch('holderName', form);
  useEffect(() => {
    form.resetFields();
    if (customer) form.setFieldsValue({ ...customer, specialNeeds: customer.specialNeeds ?? '' });
  }, [customer, form]);

  const save = async () => {
    if (!customer) return;
    const values = await validFields(form);
    if (!values) return;
    const body = changedFields(customer, values);
    if (Object.keys(body).length === 0) return onClose(false);
    const ok = await run(
      () => call('updateCustomer', { params: { accountNo: customer.accountNo }, body }),
      '已保存客户资料',
    );
    if (ok) onClose(true);
  };

  return (
    <Modal
      title={customer ? `修改客户资料(户号 ${customer.accountNo})` : ''}
      open={Boolean(customer)}
      confirmLoading={busy}
      onOk={save}
      okText="保存"
      onCancel={() => onClose(false)}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="holderName"
          label="户主姓名"
          rules={[
            { required: true, whitespace: true, message: '请填写户主姓名' },
            { max: 50, message: '最多 50 字' },
          ]}
        >
          <Input />
        </Form.Item>
        {customer && holderName !== undefined && holderName.trim() !== customer.holderName && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message="更换户主(过户)会解除原户主名下居民的绑定"
          />
        )}
        <Form.Item
          name="phone"
          label="联系电话"
          extra="留空则不修改"
          rules={[{ pattern: /^\d{6,15}$/, message: '电话号码格式不正确(6–15 位数字)' }]}
        >
          <Input placeholder="新号码" />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select
            options={AccountStatus.options.map((s) => ({ value: s, label: label(ACCOUNT_STATUS_LABELS, s) }))}
          />
        </Form.Item>
        <Form.Item name="tags" label="标签" rules={[{ type: 'array', max: 10, message: '最多 10 个标签' }]}>
          <Select mode="multiple" options={AccountTag.options.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item name="specialNeeds" label="特殊需求" rules={[{ max: 200, message: '最多 200 字' }]}>
          <Input.TextArea rows={3} placeholder="如 行动不便,上门前先电话联系" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
