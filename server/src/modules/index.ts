/**
 * Every feature of the portal, as the app mounts it (routes, jobs, schedules): each feature's `feature.ts`.
 * Add yours here (one line). What a feature offers the others is its `index.ts`, never its other files.
 */
import type { Feature } from '../platform/feature';
import { accountsFeature } from './accounts/feature';
import { messagingFeature } from './messaging/feature';
import { noticesFeature } from './notices/feature';
import { billingFeature } from './billing/feature';
import { chatFeature } from './chat/feature';
import { uploadsFeature } from './uploads/feature';
import { workOrdersFeature } from './workorders/feature';
import { kpiFeature } from './kpi/feature';
import { customer360Feature } from './customer360/feature';
// The demo's stand-in for the WeChat pay sheet; mounts routes only in sandbox mode.
import { demoFeature } from '../demo/sandboxPay';
import { residentContactFeature } from './residentContact/feature';
import { holidaysFeature } from './holidays/feature';
import { privacyFeature } from './privacy/feature';
import { accountChangesFeature } from './accountChanges/feature';
import { serviceInfoFeature } from './serviceInfo/feature';
import { settingsFeature } from './settings/feature';

export const features: Feature[] = [
  accountsFeature,
  messagingFeature,
  noticesFeature,
  billingFeature,
  chatFeature,
  uploadsFeature,
  workOrdersFeature,
  holidaysFeature,
  kpiFeature,
  customer360Feature,
  residentContactFeature,
  privacyFeature,
  accountChangesFeature,
  serviceInfoFeature,
  settingsFeature,
  demoFeature,
];
