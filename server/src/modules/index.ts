/** Every feature of the portal. Add yours here (one line). */
import type { Feature } from '../platform/feature';
import { accountsFeature } from './accounts';
import { messagingFeature } from './messaging';
import { noticesFeature } from './notices';
import { billingFeature } from './billing';
import { chatFeature } from './chat';
import { uploadsFeature } from './uploads';
import { workOrdersFeature } from './workorders';
import { kpiFeature } from './kpi';
// The demo's stand-in for the WeChat pay sheet; mounts routes only in sandbox mode.
import { demoFeature } from '../demo/sandboxPay';
import { residentContactFeature } from './residentContact';
import { holidaysFeature } from './holidays';

export const features: Feature[] = [accountsFeature, messagingFeature, noticesFeature, billingFeature, chatFeature, uploadsFeature, workOrdersFeature, holidaysFeature, kpiFeature, residentContactFeature, demoFeature];
