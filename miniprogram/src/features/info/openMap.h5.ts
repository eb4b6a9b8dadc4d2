/** H5: the map link (the page also shows it as a plain link). */
import type { ServiceHall } from '@portal/types';
import { mapLink } from './mapLink';

export function openMap(h: ServiceHall): Promise<unknown> {
  window.location.assign(mapLink(h));
  return Promise.resolve();
}
