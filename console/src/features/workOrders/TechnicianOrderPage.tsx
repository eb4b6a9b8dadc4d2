/**
 * One of my orders on the phone: shift and location (ShiftCard), accept, arrive, take photos
 * (uploadPhoto), record materials and hours from the catalogue (OrderWorkCard), complete
 * (transitionWorkOrder). Big buttons, one column.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Form, Input, Space, Tag, Upload } from 'antd';
import { ArrowLeftOutlined, CameraOutlined } from '@ant-design/icons';
import { call, upload } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { OrderSla } from './OrderSla';
import { OrderWorkCard } from './OrderWorkCard';
import { ShiftCard } from './ShiftCard';
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
  const [uploading, setUploading] = useState<number>();
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

  const addPhoto = async (file: File) => {
    setUploading(0);
    try {
      const p = await upload('uploadPhoto', { file, onProgress: setUploading });
      setPhotos((ps) => [...ps, p]);
    } catch (e) {
      reportError(e, '照片上传失败');
    } finally {
      setUploading(undefined);
    }
  };

  const complete = async () => {
    const { note } = await form.validateFields();
    await act('complete', { note, photos: photos.map((p) => p.id) });
  };

  const status = order?.status ?? '';
  const closed = order ? isClosed(order) : true;
  const next = NEXT_FIELD_STEP[status];
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
                <Card size="small" title="现场照片">
                  <Space wrap>
                    {photos.map((p, i) => (
                      <img
                        key={p.id}
                        src={p.thumbUrl ?? p.url}
                        alt={`照片${i + 1}`}
                        width={72}
                        height={72}
                        style={{ objectFit: 'cover' }}
                      />
                    ))}
                    <Upload
                      accept="image/*"
                      showUploadList={false}
                      beforeUpload={(f) => (void addPhoto(f), false)}
                    >
                      <Button icon={<CameraOutlined />} size="large" loading={uploading !== undefined}>
                        {uploading !== undefined ? `${uploading}%` : '拍照'}
                      </Button>
                    </Upload>
                  </Space>
                </Card>
                <OrderWorkCard order={order} onSaved={reload} />
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
