/** 服务设置 as the app mounts it: its routes. */
import type { Feature } from '../../platform/feature';
import { settingsRoutes } from './settings.routes';

export const settingsFeature: Feature = {
  name: 'settings',
  routes: (deps) => settingsRoutes(deps),
};
