/**
 * 节假日安排: each year's public holidays and make-up working days (调休), as data entered by supervisors.
 * Other features read them only through what this file exports; the app mounts the feature from feature.ts.
 */
export { holidayDates, missingHolidayYear } from './holidays.service';
