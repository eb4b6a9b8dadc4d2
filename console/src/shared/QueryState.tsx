/** Loading / error / empty states every screen shows the same way. */
import type { ReactNode } from 'react';
import { Button, Empty, Result, Spin } from 'antd';
import { ApiError, NETWORK_ERROR, describeError } from '../services/apiError';

type Props = {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children: ReactNode;
};

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return <Result status="403" title="没有权限" subTitle={error.message} />;
  }
  const offline = error instanceof ApiError && error.code === NETWORK_ERROR;
  return (
    <Result
      status={offline ? 'warning' : 'error'}
      title={offline ? '无法连接服务器' : '加载失败'}
      subTitle={describeError(error)}
      extra={onRetry && <Button onClick={onRetry}>重试</Button>}
    />
  );
}

export function QueryState({ loading, error, empty, emptyText = '暂无数据', onRetry, children }: Props) {
  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (loading && empty !== false) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (empty) return <Empty description={emptyText} />;
  return <>{children}</>;
}
