/** 停气/停水通知: every notice with status and window (listStaffNotices); opens the detail + delivery report. */
import { Button, Form, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { PagedTable } from '../../shared/PagedTable';
import { formatDateTime } from '../../shared/format';
import { NOTICE_KIND_LABELS, NOTICE_STATUS_LABELS, UTILITY_LABELS, label } from '../../shared/labels';

export function NoticeListPage() {
  const navigate = useNavigate();
  return (
    <>
      <Typography.Title level={4}>停气/停水通知</Typography.Title>
      <PagedTable
        operationId="listStaffNotices"
        rowKey="id"
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/notices/new')}>
            发布通知
          </Button>
        }
        filters={
          <Form.Item name="utility">
            <Select
              placeholder="类型"
              allowClear
              style={{ width: 120 }}
              options={Object.entries(UTILITY_LABELS).map(([value, l]) => ({ value, label: l }))}
            />
          </Form.Item>
        }
        onRowClick={(n) => navigate(`/notices/${encodeURIComponent(n.id)}`)}
        emptyText="还没有通知"
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '类别', render: (_, n) => label(NOTICE_KIND_LABELS, n.kind) },
          { title: '状态', render: (_, n) => <Tag>{label(NOTICE_STATUS_LABELS, n.status)}</Tag> },
          { title: '开始', render: (_, n) => formatDateTime(n.startAt) },
          { title: '预计恢复', render: (_, n) => formatDateTime(n.expectedEndAt) },
          { title: '范围', dataIndex: 'areaText' },
        ]}
        exportName="停气停水通知"
        exportColumns={[
          { title: '标题', value: (n) => n.title },
          { title: '状态', value: (n) => label(NOTICE_STATUS_LABELS, n.status) },
          { title: '开始', value: (n) => formatDateTime(n.startAt) },
          { title: '预计恢复', value: (n) => formatDateTime(n.expectedEndAt) },
          { title: '范围', value: (n) => n.areaText },
        ]}
      />
    </>
  );
}
