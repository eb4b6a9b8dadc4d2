import { Tag } from 'antd';
import { slaState } from '../../shared/sla';
import { useNow } from '../../shared/useNow';

const COLORS = { ok: 'green', warning: 'orange', breached: 'red', none: 'default' } as const;

/** SLA time left (or overdue) for an order, refreshed every 30 s; red when breached. */
export function SlaCountdown({
  dueAt,
  closed,
  breached,
}: {
  dueAt?: string | null;
  closed?: boolean;
  breached?: boolean;
}) {
  const now = useNow();
  if (closed) return breached ? <Tag color="red">曾超时</Tag> : <Tag>已结束</Tag>;
  const s = slaState(dueAt, now);
  if (breached && s.tone !== 'breached') return <Tag color="red">已超时</Tag>;
  return <Tag color={COLORS[s.tone]}>{s.text}</Tag>;
}
