/** The absolute address of a paid bill's receipt: a short signed link, so no login header is needed. */
import { api } from '../../services/api';
import { apiBaseUrl } from '../../services/config';

export async function receiptUrl(billId: string): Promise<string> {
  const link = await api.call('getReceiptLink', { params: { billId } });
  return `${apiBaseUrl()}${link.url}`;
}
