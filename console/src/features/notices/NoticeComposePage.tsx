/**
 * Compose an outage notice: affected area (districts / communities / buildings / 户号), window, reason;
 * preview the audience (previewNoticeAudience), save (createNotice) and publish (publishNotice), then
 * watch its delivery report on the detail page.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { call } from '../../services/api';
import { describeError } from '../../services/apiError';
import { reportError, reportSuccess } from '../../services/notify';
import { AreaCascader } from '../../shared/AreaPicker';
import { addDays, atShanghai, dayOf } from '@portal/types/src/time';
import { dayjs } from '../../shared/format';
import { CHANNEL_LABELS, NOTICE_KIND_LABELS, UTILITY_LABELS } from '../../shared/labels';
import { validFields } from '../../shared/validFields';
import { toTarget, type CreateNoticeBody, type NoticeAudience } from './types';

type ComposeForm = {
  utility: CreateNoticeBody['utility'];
  kind: CreateNoticeBody['kind'];
  title?: string;
  reason: string;
  safetyAdvice?: string;
  window: [Dayjs, Dayjs];
  areas?: string[];
  accountNos?: string;
  urgentReason?: string;
};

const toBody = (v: ComposeForm): CreateNoticeBody => ({
  utility: v.utility,
  kind: v.kind,
  title: v.title || undefined,
  reason: v.reason,
  safetyAdvice: v.safetyAdvice || undefined,
  startAt: v.window[0].toISOString(),
  expectedEndAt: v.window[1].toISOString(),
  target: toTarget(v.areas ?? [], v.accountNos ?? ''),
});

/** A planned outage three days ahead, 09:00–17:00: outside every utility's notice period. */
const defaults = (): Partial<ComposeForm> => {
  const start = dayjs(atShanghai(addDays(dayOf(Date.now()), 3), '09:00'));
  return { utility: 'gas', kind: 'planned', window: [start, start.hour(17)] };
};

export function NoticeComposePage() {
  const [form] = Form.useForm<ComposeForm>();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<NoticeAudience>();
  const [previewError, setPreviewError] = useState<string>();
  const [busy, setBusy] = useState<'preview' | 'save' | 'publish'>();
  const kind = Form.useWatch('kind', form);

  const runPreview = async () => {
    const v = form.getFieldsValue();
    setBusy('preview');
    setPreviewError(undefined);
    try {
      setPreview(
        await call('previewNoticeAudience', {
          body: { target: toTarget(v.areas ?? [], v.accountNos ?? '') },
        }),
      );
    } catch (e) {
      setPreview(undefined);
      setPreviewError(describeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (publish: boolean) => {
    const v = await validFields(form);
    if (!v) return;
    setBusy(publish ? 'publish' : 'save');
    try {
      const notice = await call('createNotice', { body: toBody(v) });
      if (publish) {
        try {
          await call('publishNotice', {
            params: { id: notice.id },
            body: v.urgentReason ? { urgentReason: v.urgentReason } : {},
          });
        } catch (e) {
          reportError(e, '草稿已保存,但发布失败');
          navigate(`/notices/${encodeURIComponent(notice.id)}`);
          return;
        }
      }
      reportSuccess(publish ? '通知已发布' : '草稿已保存');
      navigate(`/notices/${encodeURIComponent(notice.id)}`);
    } catch (e) {
      reportError(e, publish ? '发布失败' : '保存失败');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <Typography.Title level={4}>发布停气/停水通知</Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card>
            <Form
              form={form}
              layout="vertical"
              initialValues={defaults()}
              onValuesChange={() => setPreview(undefined)}
            >
              <Space wrap>
                <Form.Item name="utility" label="类型" rules={[{ required: true }]}>
                  <Select
                    style={{ width: 140 }}
                    options={Object.entries(UTILITY_LABELS).map(([value, l]) => ({ value, label: `停${l}` }))}
                  />
                </Form.Item>
                <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
                  <Select
                    style={{ width: 140 }}
                    options={Object.entries(NOTICE_KIND_LABELS).map(([value, l]) => ({ value, label: l }))}
                  />
                </Form.Item>
              </Space>
              <Form.Item name="title" label="标题(可不填,默认按类型生成)" rules={[{ max: 30 }]}>
                <Input placeholder="如:望京园计划停气" />
              </Form.Item>
              <Form.Item
                name="areas"
                label="影响范围(区、小区或楼栋,可多选)"
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_, v?: string[]) => {
                      if ((v?.length ?? 0) === 0 && !String(getFieldValue('accountNos') ?? '').trim())
                        throw new Error('请选择影响范围');
                    },
                  }),
                ]}
              >
                <AreaCascader aria-label="影响范围" />
              </Form.Item>
              <Form.Item name="accountNos" label="或指定户号(每行一个)">
                <Input.TextArea rows={2} placeholder="3100000001" />
              </Form.Item>
              <Form.Item
                name="window"
                label="停止与预计恢复时间"
                rules={[{ required: true, message: '请选择时间' }]}
              >
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label="原因"
                rules={[{ required: true, message: '请填写原因' }, { max: 200 }]}
              >
                <Input placeholder="如:管网检修" />
              </Form.Item>
              <Form.Item name="safetyAdvice" label="安全提示" rules={[{ max: 1000 }]}>
                <Input.TextArea rows={3} placeholder="停气期间请关闭燃气灶具阀门……" />
              </Form.Item>
              {kind === 'emergency' && (
                <Form.Item name="urgentReason" label="晚于通知期发布的原因" rules={[{ max: 200 }]}>
                  <Input />
                </Form.Item>
              )}
              <Space wrap>
                <Button onClick={runPreview} loading={busy === 'preview'}>
                  预览受影响用户
                </Button>
                <Button onClick={() => save(false)} loading={busy === 'save'}>
                  保存草稿
                </Button>
                <Button type="primary" onClick={() => save(true)} loading={busy === 'publish'}>
                  发布
                </Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title="受影响用户预览">
            {previewError && <Alert type="error" message={previewError} />}
            {!preview && !previewError && (
              <Typography.Text type="secondary">选择范围后点击“预览受影响用户”</Typography.Text>
            )}
            {preview && (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="影响户数">{preview.accounts}</Descriptions.Item>
                <Descriptions.Item label="绑定用户">{preview.users}</Descriptions.Item>
                {Object.entries(CHANNEL_LABELS).map(([k, l]) => (
                  <Descriptions.Item key={k} label={`可触达·${l}`}>
                    {preview.reachable[k as keyof NoticeAudience['reachable']]}
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label="无法触达">{preview.unreachable}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
