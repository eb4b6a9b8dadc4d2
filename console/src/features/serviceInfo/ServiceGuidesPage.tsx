/**
 * 业务指南 (admin): what residents read under “服务 → 业务指南” (开户须知, 读表, safety tips), shown at
 * once after saving (listAllServiceGuides, createServiceGuide, updateServiceGuide, deleteServiceGuide;
 * every change audited).
 */
import type { GuideCategory, ServiceGuide, Utility } from '@portal/types';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { editDeleteColumn, ModalEditor, useModalEditor } from '../../shared/ModalEditor';
import { useApiQuery } from '../../shared/useApiQuery';

const CATEGORIES: Record<GuideCategory, string> = {
  business: '业务办理',
  meter: '抄表与读数',
  safety: '安全提示',
};
const UTILITIES: Record<Utility, string> = { gas: '燃气', water: '供水', heating: '供热' };

/** The form holds the items as one text, a line each. */
type GuideForm = {
  category: GuideCategory;
  utility?: Utility;
  title: string;
  text: string;
  order: number;
  published: boolean;
};

const EMPTY: GuideForm = { category: 'business', title: '', text: '', order: 100, published: true };
const formOf = (g: ServiceGuide): GuideForm => ({
  category: g.category,
  utility: g.utility,
  title: g.title,
  text: g.items.join('\n'),
  order: g.order,
  published: g.published,
});

/** The items: a line each, trimmed, blank lines left out. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function ServiceGuidesPage() {
  const guides = useApiQuery('listAllServiceGuides');
  const editor = useModalEditor<GuideForm>(guides.reload);

  if (guides.error) return <ErrorState error={guides.error} onRetry={guides.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>业务指南</Typography.Title>
      <Typography.Text type="secondary">
        居民在“服务 → 业务指南”按类别和排序看到已发布的指南;每行一条,保存后即时生效。
      </Typography.Text>
      <Card
        extra={
          <Button type="primary" onClick={() => editor.open(EMPTY)}>
            新增指南
          </Button>
        }
      >
        <Table<ServiceGuide>
          rowKey="id"
          loading={guides.loading}
          dataSource={guides.data?.items ?? []}
          pagination={false}
          columns={[
            { title: '类别', render: (_, g) => CATEGORIES[g.category] },
            { title: '适用', render: (_, g) => (g.utility ? UTILITIES[g.utility] : '全部') },
            { title: '标题', dataIndex: 'title' },
            { title: '条目', render: (_, g) => `${g.items.length} 条` },
            { title: '排序', dataIndex: 'order' },
            {
              title: '状态',
              render: (_, g) => (g.published ? <Tag color="green">已发布</Tag> : <Tag>未发布</Tag>),
            },
            { title: '更新', render: (_, g) => formatDateTime(g.updatedAt) },
            editDeleteColumn(editor, (g: ServiceGuide) => ({
              name: g.title,
              edit: () => editor.open(formOf(g), g.id),
              remove: () => call('deleteServiceGuide', { params: { guideId: g.id } }),
            })),
          ]}
        />
      </Card>
      <ModalEditor
        editor={editor}
        what="业务指南"
        save={({ text, ...v }, guideId) => {
          const body = { ...v, utility: v.utility || undefined, items: linesOf(text) };
          return guideId
            ? call('updateServiceGuide', { params: { guideId }, body })
            : call('createServiceGuide', { body });
        }}
        saved={(v) => `已保存“${v.title}”`}
      >
        <Space>
          <Form.Item name="category" label="类别" rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="utility" label="适用">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 120 }}
              options={Object.entries(UTILITIES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="order" label="排序(小的在前)">
            <InputNumber min={0} max={999} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="text" label="内容(每行一条)" rules={[{ required: true, message: '至少写一条内容' }]}>
          <Input.TextArea rows={8} />
        </Form.Item>
        <Form.Item name="published" label="发布" valuePropName="checked">
          <Switch />
        </Form.Item>
      </ModalEditor>
    </Space>
  );
}
