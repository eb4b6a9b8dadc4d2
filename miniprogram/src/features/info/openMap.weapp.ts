/** Mini-program: WeChat's own map at the hall, with its name and address. */
import Taro from '@tarojs/taro';
import type { ServiceHall } from '@portal/types';

export function openMap(h: ServiceHall): Promise<unknown> {
  return Taro.openLocation({
    latitude: h.latitude,
    longitude: h.longitude,
    name: h.name,
    address: h.address,
    scale: 16,
  });
}
