/** SLA countdown: how long until a work order's deadline, or how long since it was breached. */
import { formatDuration } from './format';

export type SlaState = { tone: 'ok' | 'warning' | 'breached' | 'none'; text: string; remainingMs?: number };

/** Under this much time left, the countdown turns amber. */
export const SLA_WARNING_MS = 30 * 60_000;

export function slaState(dueAt: string | null | undefined, now: number, closedAt?: string | null): SlaState {
  if (!dueAt) return { tone: 'none', text: '无时限' };
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return { tone: 'none', text: '无时限' };
  const end = closedAt ? Date.parse(closedAt) : now;
  const remainingMs = due - end;
  if (closedAt) {
    return remainingMs >= 0
      ? { tone: 'ok', text: '按时完成', remainingMs }
      : { tone: 'breached', text: `超时 ${formatDuration(-remainingMs)} 完成`, remainingMs };
  }
  if (remainingMs < 0)
    return { tone: 'breached', text: `已超时 ${formatDuration(-remainingMs)}`, remainingMs };
  return {
    tone: remainingMs <= SLA_WARNING_MS ? 'warning' : 'ok',
    text: `剩余 ${formatDuration(remainingMs)}`,
    remainingMs,
  };
}
