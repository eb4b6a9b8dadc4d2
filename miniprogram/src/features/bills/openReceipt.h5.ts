/** H5: the browser opens the signed receipt link (a PDF download). */
import { receiptUrl } from './receiptUrl';

export async function openReceipt(billId: string): Promise<void> {
  window.location.assign(await receiptUrl(billId));
}
