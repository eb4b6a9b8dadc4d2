/** What is owed: unpaid and overdue bills in one request, oldest period first (overdue first within a period). */
import type { Bill } from '@portal/types';
import { api } from '../../services/api';

export async function outstandingBills(accountNo?: string): Promise<Bill[]> {
  const owed = await api.call('listBills', { query: { accountNo, status: 'unpaid,overdue', pageSize: 100 } });
  const rank = (b: Bill) => (b.status === 'overdue' ? 0 : 1);
  return [...owed.items].sort((a, b) => a.period.localeCompare(b.period) || rank(a) - rank(b));
}
