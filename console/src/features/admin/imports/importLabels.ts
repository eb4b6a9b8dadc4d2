/** How the import screens name a job's kind and status, and how far along a job is. */
import type { ImportJob } from '@portal/types';

export const KIND_LABEL: Record<ImportJob['kind'], string> = { accounts: '户号与表具', bills: '账单' };

export const STATUS_LABEL: Record<ImportJob['status'], string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

export const isEnded = (j: ImportJob): boolean => ['done', 'failed', 'cancelled'].includes(j.status);

/** Percent of the file read (the row count is known only at the end); 100 once done. */
export function percentOf(j: ImportJob): number {
  if (j.status === 'done') return 100;
  if (!j.fileBytes) return 0;
  return Math.min(99, Math.floor(((j.bytesRead ?? 0) / j.fileBytes) * 100));
}
