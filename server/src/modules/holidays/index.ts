/**
 * 节假日安排: each year's public holidays and make-up working days (调休), as data entered by supervisors.
 * Other features read them only through what this file exports.
 */
import type { Feature } from '../../platform/feature';
import { holidayRoutes } from './holidays.routes';

export const holidaysFeature: Feature = {
  name: 'holidays',
  routes: (deps) => holidayRoutes(deps),
};

export { holidayDates, missingHolidayYear } from './holidays.service';
