import type { ReactNode } from 'react';
import { Alert, Space } from 'antd';

/**
 * A list that shows only part of what matches (the approval queues, the escalations inbox, 回访任务, 工单成本's
 * orders: 200 each): above it, when there are more, which part is listed and how the rest come in.
 */
export function CappedList(props: { more: boolean | undefined; text: string; children: ReactNode }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {props.more && <Alert type="info" showIcon message={props.text} role="status" />}
      {props.children}
    </Space>
  );
}
