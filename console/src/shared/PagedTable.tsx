/**
 * A list screen backed by one paged operation ({items,total,page,pageSize}): a filter form, a table
 * with server-side pagination, loading/empty/error states and CSV/Excel export of the shown rows. A total the
 * server stopped counting at (totalCapped) shows as 共 N+ 条.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Form, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CallArgs, ParamsOf, ResponseOf, RowOf } from '@portal/types/src/client';
import { useApiQuery } from './useApiQuery';
import { ErrorState } from './QueryState';
import { ExportButtons } from './ExportButtons';
import type { ExportColumn } from './exportTable';
import type { Paged, QueryValue, StaffOperationId } from '../services/api';

/**
 * Where the rows come from. An operation answering a page or an array gives the rows as they are (the
 * table may read fewer fields than the server sends); any other answer (e.g. a KPI drill-down) needs
 * `toPage`. Path parameters are required exactly when the operation has them.
 */
type Source<K extends StaffOperationId, T> = ([ParamsOf<K>] extends [undefined]
  ? { params?: never }
  : { params: ParamsOf<K> }) &
  ([RowOf<K>] extends [never]
    ? { toPage: (data: ResponseOf<K>) => Paged<T> }
    : [RowOf<K>] extends [T]
      ? { toPage?: (data: ResponseOf<K>) => Paged<T> }
      : { toPage: (data: ResponseOf<K>) => Paged<T> });

/** The row type comes from the operation (or from `toPage`), never from the columns or the row key. */
type Props<K extends StaffOperationId, T> = Source<K, T> & {
  operationId: K;
  columns: NoInfer<ColumnsType<T>>;
  rowKey: NoInfer<keyof T & string>;
  filters?: ReactNode;
  /** Query values that always apply (e.g. a drill-down's filters). */
  fixedQuery?: Record<string, QueryValue>;
  exportName?: string;
  exportColumns?: NoInfer<ExportColumn<T>[]>;
  onRowClick?: (row: NoInfer<T>) => void;
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

export function PagedTable<K extends StaffOperationId, T extends object = Extract<RowOf<K>, object>>(
  props: Props<K, T>,
) {
  const [form] = Form.useForm();
  const [filters, setFilters] = useState<Record<string, QueryValue>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(props.pageSize ?? 20);
  const query: Record<string, QueryValue> = { ...filters, ...props.fixedQuery, page, pageSize };
  const ready = !props.requireFilter || Boolean(query[props.requireFilter]);
  // The filters are form values: the query is checked by the server, not by the compiler.
  const input = [{ query, params: props.params }] as unknown as CallArgs<K>;
  const { data, loading, error, reload } = useApiQuery(ready ? props.operationId : undefined, ...input);
  const result = props.toPage && data ? props.toPage(data) : asPage(data as Paged<T> | T[] | undefined);
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
            setFilters(
              props.transformFilters
                ? props.transformFilters(values)
                : (values as Record<string, QueryValue>),
            );
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
          <ExportButtons
            fileName={props.exportName ?? props.operationId}
            columns={props.exportColumns}
            rows={result.items}
          />
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
          onRow={
            props.onRowClick
              ? (row) => ({ onClick: () => props.onRowClick?.(row), style: { cursor: 'pointer' } })
              : undefined
          }
          pagination={{
            current: result.page || page,
            pageSize: result.pageSize || pageSize,
            // A count that stopped (totalCapped) is a floor: one more row keeps the next page reachable, and
            // each page further on counts further.
            total: result.total + (result.totalCapped ? 1 : 0),
            showSizeChanger: true,
            showTotal: () => (result.totalCapped ? `共 ${result.total}+ 条` : `共 ${result.total} 条`),
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
