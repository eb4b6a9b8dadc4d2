/** Information pages (营业网点, 业务指南) as the app mounts them. */
import type { Feature } from '../../platform/feature';
import { serviceInfoRoutes } from './serviceInfo.routes';

export const serviceInfoFeature: Feature = {
  name: 'serviceInfo',
  routes: (deps) => serviceInfoRoutes(deps),
};
