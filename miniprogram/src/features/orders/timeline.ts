/**
 * A work order's history as the resident reads it: newest first, Shanghai time, the current step
 * highlighted. Labels come from the server in Chinese; we only order and format them.
 */
import type { WorkOrderView } from '@portal/types';
import { formatShortDateTime } from '../../utils/date';

export type TimelineItem = {
  key: string;
  title: string;
  text: string;
  time: string;
  latest: boolean;
  photos: string[];
};

export function toTimelineItems(timeline: WorkOrderView['timeline']): TimelineItem[] {
  const sorted = [...timeline].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return sorted.map((entry, i) => ({
    key: `${entry.at}-${entry.node}-${i}`,
    title: entry.label,
    text: entry.text,
    time: formatShortDateTime(entry.at),
    latest: i === 0,
    photos: entry.photos ?? [],
  }));
}

export type StepItem = { key: string; label: string; state: 'done' | 'current' | 'todo' };

/** The progress bar above the timeline (受理 → 派单 → 上门 → 完成). */
export function toStepItems(steps: WorkOrderView['steps']): StepItem[] {
  return steps.map((s) => ({
    key: s.key,
    label: s.label,
    state: s.current ? 'current' : s.done ? 'done' : 'todo',
  }));
}

/** Index of the current step for a Steps component (the last done step when none is current). */
export function currentStepIndex(steps: WorkOrderView['steps']): number {
  const current = steps.findIndex((s) => s.current);
  if (current >= 0) return current;
  let last = -1;
  steps.forEach((s, i) => {
    if (s.done) last = i;
  });
  return last;
}

const stateLabels: Record<WorkOrderView['state'], string> = {
  open: '处理中',
  resolved: '已完成',
  closed: '已关闭',
  cancelled: '已取消',
};

export const orderStateLabel = (state: WorkOrderView['state']) => stateLabels[state];
