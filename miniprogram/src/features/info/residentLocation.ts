/**
 * The resident's location, only when they ask for distances and grant it (GCJ-02 on the mini-program;
 * the browser's own on H5). Undefined when refused or unavailable: the halls are listed without distances.
 */
import Taro from '@tarojs/taro';

export type Location = { lat: number; lng: number };

export async function residentLocation(): Promise<Location | undefined> {
  try {
    const r = await Taro.getLocation({ type: 'gcj02' });
    return { lat: r.latitude, lng: r.longitude };
  } catch {
    return undefined;
  }
}

/** "850 米" / "3.2 公里". */
export const distanceText = (m: number) => (m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`);
