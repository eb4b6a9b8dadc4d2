/** Mini-program: an old code naming a retired page lands in onPageNotFound; redirect there, synchronously (WeChat ignores a later one). */
import Taro from '@tarojs/taro';
import { retiredPageUrl } from './retiredLinks';

export function followRetiredLinks(): void {
  Taro.onPageNotFound(({ path, query }) => {
    const target = retiredPageUrl(path, query as Record<string, string | undefined>);
    if (target) void Taro.redirectTo({ url: target });
  });
}
