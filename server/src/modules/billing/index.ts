/**
 * Billing: the public face other features use. Bills and payments stay inside; others get the bill
 * import, the 360° record's billing section, a bill's 户号, and bills as reports read them.
 */
export { importBills, billsImporter } from './import/importBills';
export { customerBillingSection } from './customer360.section';
export { billAccountNo } from './bills.service';
export { isPaymentOf } from './payments.service';
export {
  forEachBillBatch,
  forEachBillPaidBetween,
  pageBills,
  type BillReportRow,
  type BillReportFilter,
} from './billReports';
export { forgetPayer } from './erasure';
export {
  meterReaderLookup,
  meterRouteEntries,
  routeAreas,
  routeOfEntry,
  type MeterReaderOf,
} from './readers/meterRoutes.service';
// 过户 / 销户: the final bill, the household's arrears, and arrears carried to a new holder.
export { arrearsOf, arrearsByAccount, issueFinalBill, carryArrears, type Arrears } from './handover';
// 销户: the household's credit (money that settled no bill), refunded once per 销户 order.
export { creditOf, refundCredit, type CreditRefund } from './credit';
export { billResumedSeason, issueHeatingSeasonBill, seasonPeriod } from './heatingSeason';
