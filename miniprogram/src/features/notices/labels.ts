/** Notice kinds and states in the resident's words (codes: types/src/notices.ts). */
import type { Notice } from '@portal/types';

const kinds: Record<Notice['kind'], string> = {
  planned: '计划停供',
  emergency: '紧急停供',
  pressureDrop: '降压供应',
  restoration: '恢复供应',
};
const states: Record<Notice['status'], string> = {
  draft: '草稿',
  scheduled: '待发布',
  published: '进行中',
  restored: '已恢复',
  cancelled: '已撤销',
};

export const noticeKindLabel = (k: Notice['kind']) => kinds[k] ?? k;
export const noticeStatusLabel = (s: Notice['status']) => states[s] ?? s;
