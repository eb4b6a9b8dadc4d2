/** Mini-program: download the signed receipt link, then open it in WeChat's document viewer. */
import Taro from '@tarojs/taro';
import { receiptUrl } from './receiptUrl';

export async function openReceipt(billId: string): Promise<void> {
  const url = await receiptUrl(billId);
  const file = await Taro.downloadFile({ url });
  if (file.statusCode !== 200) throw new Error('缴费凭证下载失败,请稍后重试');
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'pdf', showMenu: true });
}
