/** A map link for a hall (高德 URI API, GCJ-02 as stored); opens the map app or its web page. */
import type { ServiceHall } from '@portal/types';

export const mapLink = (h: Pick<ServiceHall, 'latitude' | 'longitude' | 'name'>) =>
  `https://uri.amap.com/marker?position=${h.longitude},${h.latitude}&name=${encodeURIComponent(h.name)}&coordinate=gaode&callnative=1`;
