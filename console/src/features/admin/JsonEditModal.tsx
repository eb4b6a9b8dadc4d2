/**
 * Edit one configuration record as a form of its simple fields. Rules, SLA configs and templates are
 * shaped by their server schemas; this edits their scalar fields and leaves the rest untouched.
 */
import { useEffect } from 'react';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Switch } from 'antd';
import { validFields } from '../../shared/validFields';

export type FieldSpec = {
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'bool' | 'textarea';
  required?: boolean;
};

type Props<T> = {
  title: string;
  record?: T;
  fields: FieldSpec[];
  busy?: boolean;
  /** The edited fields (the form holds only those in `fields`). */
  onSave: (values: Partial<T>) => void;
  onCancel: () => void;
  /** When given, a 删除 button (confirmed first) beside the modal's own. */
  onDelete?: () => void;
};

export function EditModal<T extends object>({
  title,
  record,
  fields,
  busy,
  onSave,
  onCancel,
  onDelete,
}: Props<T>) {
  const [form] = Form.useForm();
  useEffect(() => {
    form.resetFields();
    if (record) form.setFieldsValue(record);
  }, [record, form]);
  const save = async () => {
    const values = await validFields(form);
    if (values) onSave(values);
  };
  return (
    <Modal
      title={title}
      open={Boolean(record)}
      onCancel={onCancel}
      confirmLoading={busy}
      onOk={save}
      footer={(buttons) => (
        <>
          {onDelete && (
            <Popconfirm title="删除后不可恢复,确定删除?" okText="删除" cancelText="取消" onConfirm={onDelete}>
              <Button danger loading={busy} style={{ float: 'left' }}>
                删除
              </Button>
            </Popconfirm>
          )}
          {buttons}
        </>
      )}
    >
      <Form form={form} layout="vertical">
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={f.required ? [{ required: true }] : []}
            valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
          >
            {f.kind === 'number' ? (
              <InputNumber min={0} style={{ width: '100%' }} />
            ) : f.kind === 'bool' ? (
              <Switch />
            ) : f.kind === 'textarea' ? (
              <Input.TextArea rows={4} />
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
