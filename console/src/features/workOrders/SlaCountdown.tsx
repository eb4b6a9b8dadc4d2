import { Tag } from 'antd';
import { slaState } from '../../shared/sla';
import { useNow } from '../../shared/useNow';

const COLORS = { ok: 'green', warning: 'orange', breached: 'red', none: 'default' } as const;

/** SLA time left (or overdue) for an order, refreshed every 30 s; red when breached. */
export function SlaCountdown({ dueAt, closedAt, breached }: { dueAt?: string; closedAt?: string; breached?: boolean }) {
  const now = useNow();
  const s = slaState(dueAt, now, closedAt);
  const tone = breached && s.tone !== 'breached' ? 'breached' : s.tone;
  return <Tag color={COLORS[tone]}>{breached && s.tone === 'none' ? '已超时' : s.text}</Tag>;
}
