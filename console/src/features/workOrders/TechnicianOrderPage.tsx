/**
 * One of my orders on the phone: shift and location (ShiftCard), accept, arrive, take photos
 * (uploadPhoto), record materials and hours from the catalogue (OrderWorkCard), complete
 * (transitionWorkOrder). Big buttons, one column. A 安检 order at its 安检 node shows the inspection form
 * instead (features/inspections), and on the doorstep a 上门未遇 button (notHome).
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { OrderSla } from './OrderSla';
import { OrderWorkCard } from './OrderWorkCard';
import { ShiftCard } from './ShiftCard';
import { SitePhotos } from './SitePhotos';
import { InspectionForm } from '../inspections/InspectionForm';
import type { UploadedPhoto } from '@portal/types';
import type { BodyOf } from '@portal/types/src/client';
import { NEXT_FIELD_STEP, ON_JOB, isClosed, orderParams, staffView } from './types';

type Transition = BodyOf<'transitionWorkOrder'>;

export function TechnicianOrderPage() {
  const { orderId = '' } = useParams();
  const navigate = useNavigate();
  const params = orderParams(orderId);
  const { data, loading, error, reload } = useApiQuery('getWorkOrder', { params });
  const order = staffView(data);
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();

  const act = async (action: Transition['action'], extra: Omit<Transition, 'action'> = {}) => {
    setBusy(true);
    try {
      await call('transitionWorkOrder', { params, body: { action, ...extra } });
      reportSuccess('已提交');
      reload();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  const complete = async () => {
    const values = await validFields(form);
    if (!values) return;
    await act('complete', { note: values.note, photos: photos.map((p) => p.id) });
  };

  const status = order?.status ?? '';
  const closed = order ? isClosed(order) : true;
  const next = NEXT_FIELD_STEP[status];
  const inspection = order?.type === 'inspection';
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 560 }}>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/work-orders/mine')}>
        我的任务
      </Button>
      <ShiftCard onJob={!closed && ON_JOB.includes(status)} orderNo={order?.orderNo} />
      <QueryState loading={loading} error={error} empty={!order && !loading} onRetry={reload}>
        {order && (
          <>
            <Card size="small" title={order.orderNo} extra={<Tag>{order.statusLabel}</Tag>}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="类型">{`${order.typeLabel}·${order.categoryLabel}`}</Descriptions.Item>
                <Descriptions.Item label="地址">{order.address}</Descriptions.Item>
                <Descriptions.Item label="电话">{order.contactPhoneMasked || '—'}</Descriptions.Item>
                <Descriptions.Item label="描述">{order.description ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="时限">
                  <OrderSla order={order} />
                </Descriptions.Item>
              </Descriptions>
            </Card>
            {!closed && (
              <Space direction="vertical" style={{ width: '100%' }}>
                {next && (
                  <Button type="primary" size="large" block loading={busy} onClick={() => act(next.action)}>
                    {next.label}
                  </Button>
                )}
                {inspection && (status === 'departed' || status === 'arrived') && (
                  <Button size="large" block danger loading={busy} onClick={() => act('notHome')}>
                    上门未遇(第 {order.attempts + 1} 次)
                  </Button>
                )}
              </Space>
            )}
            {!closed && <OrderWorkCard order={order} onSaved={reload} />}
            {!closed && inspection && status === 'processing' && (
              <InspectionForm orderNo={order.orderNo} utility={order.utility ?? 'gas'} onDone={reload} />
            )}
            {!closed && !inspection && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <SitePhotos photos={photos} onAdd={(p) => setPhotos((ps) => [...ps, p])} />
                <Card size="small" title="完工">
                  <Form form={form} layout="vertical">
                    <Form.Item name="note" label="处理说明">
                      <Input.TextArea rows={3} />
                    </Form.Item>
                  </Form>
                  <Button type="primary" size="large" block loading={busy} onClick={complete}>
                    完工
                  </Button>
                </Card>
              </Space>
            )}
          </>
        )}
      </QueryState>
    </Space>
  );
}
