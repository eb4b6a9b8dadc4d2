/**
 * 延期 / 修改 a notice (updateNotice). On a published notice every change is told once to the residents
 * already notified, with what changed; the change then shows in the notice's 变更记录.
 */
import type { StaffNotice } from '@portal/types';
import { DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { call } from '../../services/api';
import { dayjs } from '../../shared/format';
import { useAction } from '../../shared/useAction';

export type ChangeMode = 'postpone' | 'edit';
type Values = { window: [Dayjs, Dayjs]; title: string; reason: string; safetyAdvice?: string };

export function NoticeChangeModal({
  notice,
  mode,
  onClose,
  onSaved,
}: {
  notice: StaffNotice;
  mode: ChangeMode;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, run] = useAction();
  const published = notice.status === 'published';

  const save = async (v: Values) => {
    const body =
      mode === 'postpone'
        ? { startAt: v.window[0].toISOString(), expectedEndAt: v.window[1].toISOString() }
        : {
            title: v.title.trim(),
            reason: v.reason.trim(),
            safetyAdvice: v.safetyAdvice?.trim() || undefined,
          };
    const done = await run(
      () => call('updateNotice', { params: { id: notice.id }, body }),
      published ? '已保存,变更将告知已通知的居民' : '已保存',
    );
    if (done) onSaved();
  };

  return (
    <Modal
      open
      title={mode === 'postpone' ? '延期 / 调整停供时间' : '修改通知内容'}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnClose
    >
      {published && (
        <Typography.Paragraph type="secondary">
          已发布的通知修改后,会向已通知的居民发送一次变更提醒,写明改了什么。
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          window: [dayjs(notice.startAt), dayjs(notice.expectedEndAt)],
          title: notice.title,
          reason: notice.reason,
          safetyAdvice: notice.safetyAdvice,
        }}
      >
        {mode === 'postpone' ? (
          <Form.Item
            name="window"
            label="停供时间(开始 — 预计恢复)"
            rules={[
              { required: true, message: '请选择时间' },
              {
                validator: (_, w?: [Dayjs, Dayjs]) =>
                  !w || w[1].isAfter(w[0])
                    ? Promise.resolve()
                    : Promise.reject(new Error('预计恢复时间须晚于开始时间')),
              },
            ]}
          >
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              aria-label="停供时间"
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="title"
              label="标题"
              rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
            >
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item
              name="reason"
              label="原因"
              rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
            >
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
            <Form.Item name="safetyAdvice" label="安全提示">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
