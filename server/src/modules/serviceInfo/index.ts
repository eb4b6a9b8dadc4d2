/**
 * Information pages residents read and admins keep: 营业网点 and 业务指南. Other features (the demo
 * seeder) reach them only through what this file exports; the app mounts the feature from feature.ts.
 */
export { createServiceHall, listAllServiceHalls } from './serviceHalls.service';
export { createGuide, listAllGuides } from './serviceGuides.service';
