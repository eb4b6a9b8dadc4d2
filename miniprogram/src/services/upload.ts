/** Photo upload (operationId uploadPhoto): Taro.chooseMedia → Taro.uploadFile with the session token. */
import Taro from '@tarojs/taro';
import type { UploadedPhoto } from '@portal/types';
import { buildUrl } from './client';
import { apiBaseUrl } from './config';
import { paths } from './endpoints';
import { errorFromFailure, errorFromResponse } from './errors';
import { sessionStore } from './session';

export async function choosePhotos(max: number): Promise<string[]> {
  const res = await Taro.chooseMedia({ count: max, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
  return res.tempFiles.map((f) => f.tempFilePath);
}

export async function uploadPhoto(filePath: string): Promise<UploadedPhoto> {
  const token = sessionStore.get()?.token;
  const res = await Taro.uploadFile({
    url: buildUrl(apiBaseUrl(), paths.uploadPhoto),
    filePath,
    name: 'file',
    header: token ? { Authorization: `Bearer ${token}` } : {},
  }).catch((e: unknown) => {
    throw errorFromFailure(e);
  });
  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(res.statusCode, res.data);
  return JSON.parse(res.data) as UploadedPhoto;
}
