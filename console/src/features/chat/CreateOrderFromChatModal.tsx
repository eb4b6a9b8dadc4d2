/**
 * 建工单 from the open conversation (createWorkOrderFromChat): type, category and description are
 * prefilled from what the resident said; the server links the new order to the conversation.
 */
import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import type { CreateWorkOrderFromChatBody } from '@portal/types';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { ORDER_CATEGORY_LABELS, ORDER_TYPE_LABELS, labelOptions } from '../../shared/labels';
import { validFields } from '../../shared/validFields';
import { guessOrderFromChat } from './orderFromChat';
import type { ChatMessage, ChatSession } from './types';

type Props = {
  session: ChatSession;
  messages: ChatMessage[];
  open: boolean;
  onClose: (orderNo?: string) => void;
};

export function CreateOrderFromChatModal({ session, messages, open, onClose }: Props) {
  const [form] = Form.useForm<CreateWorkOrderFromChatBody>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) form.setFieldsValue(guessOrderFromChat(messages));
    // Prefill once when the dialog opens; later messages must not overwrite what the agent typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    const values = await validFields(form);
    if (!values) return;
    setSaving(true);
    try {
      const link = await call('createWorkOrderFromChat', {
        params: { sessionId: session.id },
        body: { ...values, description: values.description || undefined },
      });
      reportSuccess(`已创建工单 ${link.orderNo}`);
      onClose(link.orderNo);
    } catch (e) {
      reportError(e, '建工单失败');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={`为 ${session.accountNo ?? '访客'} 建工单`}
      open={open}
      onOk={submit}
      confirmLoading={saving}
      onCancel={() => onClose()}
      okText="创建并关联到会话"
      destroyOnClose
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={labelOptions(ORDER_TYPE_LABELS)} />
        </Form.Item>
        <Form.Item name="category" label="类别">
          <Select allowClear options={labelOptions(ORDER_CATEGORY_LABELS)} />
        </Form.Item>
        <Form.Item
          name="description"
          label="问题描述(默认取客户在会话中的发言)"
          rules={[{ max: 2000, message: '不超过 2000 字' }]}
        >
          <Input.TextArea rows={5} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
