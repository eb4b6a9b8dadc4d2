/** Accounts and identity: resident login and binding, staff login and management, customers, import, audit. */
import type { Feature } from '../../platform/feature';
import { residentRoutes } from './resident.routes';
import { staffRoutes } from './staff.routes';

export const accountsFeature: Feature = {
  name: 'accounts',
  routes: (deps) => [...residentRoutes(deps), ...staffRoutes(deps)],
};
