/** Taro.request as the client's transport: the same code on weapp and H5. */
import Taro from '@tarojs/taro';
import type { Transport } from './client';

export const taroTransport: Transport = async (req) => {
  const res = await Taro.request({
    url: req.url,
    method: req.method,
    data: req.data as Record<string, unknown> | undefined,
    header: req.header,
    timeout: req.timeout,
    dataType: 'json',
  });
  return { statusCode: res.statusCode, data: res.data };
};
