/** 节假日安排 as the app mounts it: the console's routes. */
import type { Feature } from '../../platform/feature';
import { holidayRoutes } from './holidays.routes';

export const holidaysFeature: Feature = {
  name: 'holidays',
  routes: (deps) => holidayRoutes(deps),
};
