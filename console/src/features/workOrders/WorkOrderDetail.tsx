/**
 * One order: facts, SLA, timeline, photos, the 安检 record (getInspectionRecord) and materials (getWorkOrder), with the dispatcher's actions:
 * dispatch / re-dispatch to a technician, escalate, close (transitionWorkOrder).
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Image,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Input,
} from 'antd';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';
import { asPage } from '../../shared/PagedTable';
import { OrderSla } from './OrderSla';
import { InspectionRecordCard } from './InspectionRecordCard';
import type { WorkOrderAction } from '@portal/types';
import { isClosed, orderParams, staffView } from './types';

/** readOnly: no dispatcher actions (a manager looking behind a cockpit number). */
type Props = { orderKey: string; onChanged?: () => void; readOnly?: boolean };

export function WorkOrderDetail({ orderKey, onChanged, readOnly = false }: Props) {
  const { data, loading, error, reload } = useApiQuery('getWorkOrder', { params: orderParams(orderKey) });
  const order = staffView(data);
  const [dispatching, setDispatching] = useState(false);

  const transition = async (action: WorkOrderAction, extra: { assigneeId?: string; note?: string } = {}) => {
    try {
      await call('transitionWorkOrder', { params: orderParams(orderKey), body: { action, ...extra } });
      reportSuccess('已更新工单');
      reload();
      onChanged?.();
    } catch (e) {
      reportError(e);
    }
  };

  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  /** 投诉 / 建议: the answer the resident reads (a complaint is taken into 处理 first). */
  const sendReply = async () => {
    if (!order) return;
    try {
      if (order.type === 'complaint' && order.status === 'accepted')
        await call('transitionWorkOrder', { params: orderParams(orderKey), body: { action: 'start' } });
      await call('transitionWorkOrder', {
        params: orderParams(orderKey),
        body: { action: 'complete', note: reply.trim() },
      });
      reportSuccess('已答复,居民可在工单进度中查看并评价');
      setReplying(false);
      setReply('');
      reload();
      onChanged?.();
    } catch (e) {
      reportError(e);
    }
  };

  const closed = order ? isClosed(order) : true;
  const answerable = order && !closed && (order.type === 'complaint' || order.type === 'consultation');
  return (
    <QueryState loading={loading} error={error} empty={!order && !loading} onRetry={reload}>
      {order && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card
            size="small"
            title={`工单 ${order.orderNo}`}
            extra={
              !closed &&
              !readOnly && (
                <Space wrap>
                  {answerable && (
                    <Button type="primary" onClick={() => setReplying(true)}>
                      答复
                    </Button>
                  )}
                  <Button type="primary" onClick={() => setDispatching(true)}>
                    {order.assigneeId ? '改派' : '派单'}
                  </Button>
                  <Button onClick={() => transition('escalate')}>升级</Button>
                  <Button danger onClick={() => transition('close')}>
                    关闭
                  </Button>
                </Space>
              )
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="类型">{`${order.typeLabel}·${order.categoryLabel}`}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag>{order.statusLabel}</Tag>
                {order.escalated && <Tag color="red">已升级</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label="时限">
                <OrderSla order={order} />
              </Descriptions.Item>
              <Descriptions.Item label="优先级">{order.priorityLabel}</Descriptions.Item>
              <Descriptions.Item label="户号">{order.accountNo}</Descriptions.Item>
              <Descriptions.Item label="片区">{order.areaCode ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="地址">{order.address}</Descriptions.Item>
              <Descriptions.Item label="处理人">
                {order.assigneeName ?? '—'}
                {order.team ? `(${order.team})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="创建">{formatDateTime(order.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="描述">{order.description ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="进度">
            {order.history.length ? (
              <Timeline
                items={order.history.map((h) => ({
                  children: (
                    <>
                      <div>
                        {h.action}:{h.from} → {h.to} · {h.by.name ?? h.by.kind}
                      </div>
                      <div style={{ color: '#888' }}>{formatDateTime(h.at)}</div>
                      {h.note && <div>{h.note}</div>}
                    </>
                  ),
                }))}
              />
            ) : (
              <Empty description="暂无进度" />
            )}
          </Card>
          <Card size="small" title="照片">
            {order.photos.length ? (
              <Image.PreviewGroup>
                <Space wrap>
                  {order.photos.map((p) => (
                    <Image key={p.id} width={96} src={p.thumbUrl} preview={{ src: p.url }} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : (
              <Empty description="暂无照片" />
            )}
          </Card>
          {order.type === 'inspection' && <InspectionRecordCard orderNo={order.orderNo} />}
          <Card size="small" title="材料">
            <Table
              size="small"
              rowKey={(m) => `${m.name}-${m.spec}-${m.unit}`}
              pagination={false}
              dataSource={order.materials}
              locale={{ emptyText: '暂无材料记录' }}
              columns={[
                { title: '材料', dataIndex: 'name' },
                { title: '规格', dataIndex: 'spec' },
                { title: '数量', dataIndex: 'quantity' },
                { title: '单位', dataIndex: 'unit' },
              ]}
            />
          </Card>
          <Modal
            title="答复居民"
            open={replying}
            okText="答复并办结"
            cancelText="取消"
            okButtonProps={{ disabled: !reply.trim() }}
            onOk={sendReply}
            onCancel={() => setReplying(false)}
          >
            <Input.TextArea
              aria-label="答复内容"
              rows={4}
              maxLength={500}
              placeholder="居民将在工单进度中看到这段答复"
              value={reply}
              onChange={(e) => setReply(e.target.value)}
            />
          </Modal>
          <DispatchModal
            open={dispatching}
            onCancel={() => setDispatching(false)}
            onDispatch={async (assigneeId, note) => {
              setDispatching(false);
              await transition('dispatch', { assigneeId, note });
            }}
          />
        </Space>
      )}
    </QueryState>
  );
}

type DispatchProps = {
  open: boolean;
  onCancel: () => void;
  onDispatch: (assigneeId: string, note?: string) => Promise<void>;
};

/** Technicians to choose from (listStaff role=technician); the server still checks the area. */
function DispatchModal({ open, onCancel, onDispatch }: DispatchProps) {
  const [assigneeId, setAssigneeId] = useState<string>();
  const [note, setNote] = useState<string>();
  const { data, loading, error } = useApiQuery(open ? 'listStaff' : undefined, {
    query: { role: 'technician', pageSize: 100 },
  });
  const technicians = asPage(data).items;
  return (
    <Modal
      title="派单"
      open={open}
      onCancel={onCancel}
      okButtonProps={{ disabled: !assigneeId }}
      onOk={() => assigneeId && onDispatch(assigneeId, note)}
      okText="派单"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          style={{ width: '100%' }}
          placeholder={error ? '无法加载人员列表' : '选择维修师傅'}
          loading={loading}
          value={assigneeId}
          onChange={setAssigneeId}
          showSearch
          optionFilterProp="label"
          options={technicians.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Input.TextArea placeholder="备注(可选)" value={note} onChange={(e) => setNote(e.target.value)} />
      </Space>
    </Modal>
  );
}
