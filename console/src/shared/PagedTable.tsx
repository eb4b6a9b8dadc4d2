/**
 * A list screen backed by one paged operation ({items,total,page,pageSize}): a filter form, a table
 * with server-side pagination, loading/empty/error states and CSV/Excel export of the shown rows.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Form, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useApiQuery } from './useApiQuery';
import { ErrorState } from './QueryState';
import { ExportButtons } from './ExportButtons';
import type { ExportColumn } from './exportTable';
import type { Paged } from '../services/api';
import type { QueryValue } from '../services/operations';

type Props<T> = {
  operationId: string;
  /** Path parameters of the operation. */
  params?: Record<string, string>;
  /** For operations whose page is not {items,total,page,pageSize} (e.g. a KPI drill-down). */
  toPage?: (data: unknown) => Paged<T>;
  columns: ColumnsType<T>;
  rowKey: keyof T & string;
  filters?: ReactNode;
  /** Query values that always apply (e.g. a drill-down's filters). */
  fixedQuery?: Record<string, QueryValue>;
  exportName?: string;
  exportColumns?: ExportColumn<T>[];
  onRowClick?: (row: T) => void;
  toolbar?: ReactNode;
  emptyText?: string;
  pageSize?: number;
  /** Change it to reload the current page (after an action elsewhere changed the rows). */
  refreshKey?: number;
  /** A filter that must be filled before anything is fetched (e.g. the search text). */
  requireFilter?: string;
  /** Turns form values (dates, ranges) into query values. */
  transformFilters?: (values: Record<string, unknown>) => Record<string, QueryValue>;
};

/** Operations answer either a page or a plain array; both are shown the same way. */
export function asPage<T>(data: Paged<T> | T[] | undefined): Paged<T> {
  if (!data) return { items: [], total: 0, page: 1, pageSize: 20 };
  if (Array.isArray(data)) return { items: data, total: data.length, page: 1, pageSize: data.length || 20 };
  return data;
}

export function PagedTable<T extends object>(props: Props<T>) {
  const [form] = Form.useForm();
  const [filters, setFilters] = useState<Record<string, QueryValue>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(props.pageSize ?? 20);
  const query: Record<string, QueryValue> = { ...filters, ...props.fixedQuery, page, pageSize };
  const ready = !props.requireFilter || Boolean(query[props.requireFilter]);
  const { data, loading, error, reload } = useApiQuery<Paged<T> | T[]>(ready ? props.operationId : undefined, { query, params: props.params });
  const result = props.toPage && data ? props.toPage(data) : asPage(data);
  useEffect(() => {
    if (props.refreshKey) reload();
  }, [props.refreshKey, reload]);

  return (
    <Card>
      {props.filters && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onFinish={(values: Record<string, unknown>) => {
            setFilters(props.transformFilters ? props.transformFilters(values) : (values as Record<string, QueryValue>));
            setPage(1);
          }}
        >
          {props.filters}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                  setPage(1);
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      )}
      <Space style={{ marginBottom: 12, display: 'flex', justifyContent: 'space-between' }} wrap>
        <span>{props.toolbar}</span>
        {props.exportColumns && (
          <ExportButtons fileName={props.exportName ?? props.operationId} columns={props.exportColumns} rows={result.items} />
        )}
      </Space>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<T>
          rowKey={props.rowKey}
          columns={props.columns}
          dataSource={result.items}
          loading={loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: props.emptyText ?? '暂无数据' }}
          onRow={props.onRowClick ? (row) => ({ onClick: () => props.onRowClick?.(row), style: { cursor: 'pointer' } }) : undefined}
          pagination={{
            current: result.page || page,
            pageSize: result.pageSize || pageSize,
            total: result.total,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
        />
      )}
    </Card>
  );
}
