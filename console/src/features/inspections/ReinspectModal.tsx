/** 复查 of one hazard: rectified (closes it) or not, with a note and, if not, an optional new last day. */
import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Hazard } from '@portal/types';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';
import { validFields } from '../../shared/validFields';
import { label } from '../../shared/labels';
import { HAZARD_CATEGORY_LABELS } from './labels';

type Values = { rectified: boolean; note?: string; rectifyBy?: Dayjs };

export function ReinspectModal({ hazard, onClose }: { hazard: Hazard; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<Values>();
  const rectified = Form.useWatch('rectified', form);
  const [busy, run] = useAction();
  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const done = await run(
      () =>
        call('reinspectHazard', {
          params: { id: hazard.id },
          body: {
            rectified: v.rectified,
            photos: [],
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            ...(!v.rectified && v.rectifyBy ? { rectifyBy: v.rectifyBy.format('YYYY-MM-DD') } : {}),
          },
        }),
      v.rectified ? '隐患已整改销项' : '已记录复查,隐患仍待整改',
    );
    if (done) onClose(true);
  };
  return (
    <Modal
      open
      title={`隐患复查:${hazard.address} ${label(HAZARD_CATEGORY_LABELS, hazard.category)}`}
      okText="提交复查"
      confirmLoading={busy}
      onOk={save}
      onCancel={() => onClose(false)}
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="rectified"
          label="复查结果"
          rules={[{ required: true, message: '请选择是否已整改' }]}
        >
          <Radio.Group
            options={[
              { value: true, label: '已整改' },
              { value: false, label: '未整改' },
            ]}
          />
        </Form.Item>
        {rectified === false && (
          <Form.Item name="rectifyBy" label="新的整改期限(不改则留空)">
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item name="note" label="复查说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
