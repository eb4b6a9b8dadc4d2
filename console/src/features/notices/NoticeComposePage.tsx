/**
 * Compose an outage notice: area picker, window, text; preview the audience (previewNoticeAudience),
 * save (createNotice) and publish (publishNotice), then watch its delivery report.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { call } from '../../services/api';
import { describeError } from '../../services/apiError';
import { reportError, reportSuccess } from '../../services/notify';
import { AreaPicker } from '../../shared/AreaPicker';
import { UTILITY_LABELS } from '../../shared/labels';
import type { AudiencePreview, Notice, NoticeTargeting } from './types';

type ComposeForm = { title: string; utility: string; reason?: string; content: string; window: [Dayjs, Dayjs]; areaCodes: string[] };

const toBody = (v: ComposeForm) => ({
  title: v.title,
  utility: v.utility,
  reason: v.reason,
  content: v.content,
  startAt: v.window[0].toISOString(),
  endAt: v.window[1].toISOString(),
  targeting: { areaCodes: v.areaCodes, utility: v.utility } satisfies NoticeTargeting,
});

export function NoticeComposePage() {
  const [form] = Form.useForm<ComposeForm>();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<AudiencePreview>();
  const [previewError, setPreviewError] = useState<string>();
  const [busy, setBusy] = useState<'preview' | 'save' | 'publish'>();

  const runPreview = async () => {
    const v = await form.validateFields(['areaCodes', 'utility']);
    setBusy('preview');
    setPreviewError(undefined);
    try {
      setPreview(await call<AudiencePreview>('previewNoticeAudience', { body: { targeting: { areaCodes: v.areaCodes, utility: v.utility } } }));
    } catch (e) {
      setPreview(undefined);
      setPreviewError(describeError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (publish: boolean) => {
    const v = await form.validateFields();
    setBusy(publish ? 'publish' : 'save');
    try {
      const notice = await call<Notice>('createNotice', { body: toBody(v) });
      if (publish) await call('publishNotice', { params: { noticeId: notice.id, id: notice.id } });
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
            <Form form={form} layout="vertical" initialValues={{ utility: 'gas' }} onValuesChange={() => setPreview(undefined)}>
              <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }, { max: 60 }]}>
                <Input placeholder="如:朝阳区望京片区计划停气通知" />
              </Form.Item>
              <Form.Item name="utility" label="类型" rules={[{ required: true }]}>
                <Select options={Object.entries(UTILITY_LABELS).map(([value, l]) => ({ value, label: `停${l}` }))} />
              </Form.Item>
              <Form.Item name="areaCodes" label="影响片区" rules={[{ required: true, message: '请选择影响片区' }]}>
                <AreaPicker />
              </Form.Item>
              <Form.Item name="window" label="停止与预计恢复时间" rules={[{ required: true, message: '请选择时间' }]}>
                <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="reason" label="原因">
                <Input placeholder="如:管网检修" />
              </Form.Item>
              <Form.Item name="content" label="通知内容" rules={[{ required: true, message: '请填写通知内容' }, { max: 1000 }]}>
                <Input.TextArea rows={5} />
              </Form.Item>
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
            {!preview && !previewError && <Typography.Text type="secondary">选择片区后点击“预览受影响用户”</Typography.Text>}
            {preview && (
              <Descriptions column={1} size="small">
                <Descriptions.Item label="影响户数">{preview.households ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="可触达用户">{preview.users ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="已订阅消息">{preview.subscribers ?? '—'}</Descriptions.Item>
                {preview.byArea?.map((a) => (
                  <Descriptions.Item key={a.areaCode} label={a.areaCode}>
                    {a.households} 户
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
