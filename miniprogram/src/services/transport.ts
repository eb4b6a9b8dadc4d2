/** Taro.request and Taro.uploadFile as the API client's transports: the same code on weapp and H5. */
import Taro from '@tarojs/taro';
import type { Transport, UploadTransport } from '@portal/types/src/client';

export const taroTransport: Transport = async (req) => {
  const raw = req.responseType === 'raw';
  const res = await Taro.request({
    url: req.url,
    method: req.method,
    data: req.body as Record<string, unknown> | undefined,
    header: req.headers,
    timeout: req.timeoutMs,
    dataType: raw ? '其他' : 'json',
    responseType: raw ? 'arraybuffer' : 'text',
  });
  return { status: res.statusCode, body: res.data };
};

/** A photo by its temp file path (Taro.chooseMedia), sent as wx.uploadFile sends it: multipart. */
export const taroUpload: UploadTransport<string> = async (req) => {
  const task = Taro.uploadFile({
    url: req.url,
    filePath: req.file,
    name: req.field,
    header: req.headers,
    timeout: req.timeoutMs,
  });
  if (req.onProgress) task.progress((p) => req.onProgress?.(p.progress));
  const res = await task;
  let body: unknown = res.data;
  try {
    body = JSON.parse(res.data);
  } catch {
    // not JSON: the client words the failure from the status
  }
  return { status: res.statusCode, body };
};
