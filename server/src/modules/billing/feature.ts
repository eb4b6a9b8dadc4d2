/**
 * Billing as the app mounts it: bills, usage, self meter readings, WeChat Pay payments (notification,
 * reconciliation, refunds), 一户一码 and arrears. Start reading at settlement.ts (the payment state machine).
 */
import type { Feature } from '../../platform/feature';
import { arrearsRoutes } from './arrears.routes';
import { billInsightRoutes } from './billInsights.routes';
import { billingRoutes } from './billing.routes';
import { heatingSeasonRoutes } from './heatingSeason.routes';
import { invoiceRoutes } from './invoices/invoices.routes';
import { billingJobs, billingSchedules } from './jobs';
import { paymentRoutes } from './payments.routes';
import { paymentsDeskRoutes } from './paymentsDesk.routes';
import { qrRoutes } from './qr.routes';
import { meterRouteRoutes } from './readers/meterRoutes.routes';

export const billingFeature: Feature = {
  name: 'billing',
  routes: (deps) => [
    ...billingRoutes(deps),
    ...billInsightRoutes(deps),
    ...invoiceRoutes(deps),
    ...paymentRoutes(deps),
    ...paymentsDeskRoutes(deps),
    ...qrRoutes(deps),
    ...arrearsRoutes(deps),
    ...meterRouteRoutes(deps),
    ...heatingSeasonRoutes(deps),
  ],
  jobs: billingJobs,
  schedules: billingSchedules,
};
