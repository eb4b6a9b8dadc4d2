/** Photos from the album or camera (Taro.chooseMedia); they are sent with `api.upload('uploadPhoto', { file })`. */
import Taro from '@tarojs/taro';

export async function choosePhotos(max: number): Promise<string[]> {
  const res = await Taro.chooseMedia({
    count: max,
    mediaType: ['image'],
    sizeType: ['compressed'],
    sourceType: ['album', 'camera'],
  });
  return res.tempFiles.map((f) => f.tempFilePath);
}
